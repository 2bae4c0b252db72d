/** Help › Procfile Rules: the short version of the README's rules, for a native dialog. */
export const PROCFILE_RULES_TITLE = 'Procfile rules';

export const PROCFILE_RULES = `A Procfile lists process types, one per line:

    web: bundle exec rails server -p $PORT
    worker: bundle exec sidekiq
    css: npm run watch:css

• A name is letters, digits, "_" and "-", then ":", then the command.
• Blank lines and lines starting with "#" are ignored; CRLF and a UTF-8 BOM are fine.
• A duplicate name is an error; a line that is not an entry is ignored with a warning.
• Each instance (web.1, web.2, …) runs "/bin/sh -c <command>" in the project folder with the project's .env, plus PORT and PS.
• PORT = base (5000) + 100 × the type's position + (instance − 1): web.1 gets 5000, web.2 5001, worker.1 5100.
• Procfile variants (Procfile.dev, …) in the folder can be chosen in the window.
• Editing the Procfile while it runs restarts only the types whose command changed.`;
