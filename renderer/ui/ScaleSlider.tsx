/**
 * The scale slider of a type: 0 … at least 10 and always beyond the current count.
 *
 * Dragging shows the number as it moves; the formation changes once, when the slider is
 * released (the native `change` event; with the keyboard, every step is a release).
 */
import { useEffect, useRef, useState } from 'react';
import { LIMITS } from '../../shared/contract';
import { useCall } from './services';

export function sliderMax(scale: number): number {
  return Math.min(LIMITS.maxScale, Math.max(10, scale + 5));
}

export function ScaleSlider({ type, scale }: { type: string; scale: number }) {
  const call = useCall();
  const [draft, setDraft] = useState<number | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const value = draft ?? scale;
  const max = Math.max(sliderMax(scale), value);

  const commitRef = useRef<(count: number) => void>(() => undefined);
  useEffect(() => {
    commitRef.current = (count: number) => {
      if (count === scale) {
        setDraft(null);
        return;
      }
      void call('type.scale', { type, count }).then(() => setDraft(null));
    };
  });
  useEffect(() => {
    const element = input.current;
    if (!element) return;
    const onChange = () => commitRef.current(Number(element.value));
    element.addEventListener('change', onChange);
    return () => element.removeEventListener('change', onChange);
  }, []);

  return (
    <div className="scale">
      <input
        ref={input}
        type="range"
        min={0}
        max={max}
        step={1}
        value={value}
        aria-label={`Scale ${type}`}
        aria-valuetext={`${value} instance${value === 1 ? '' : 's'}`}
        onChange={(e) => setDraft(Number(e.target.value))}
      />
      <output className="scale-count" aria-label={`${type} count`}>
        ×{value}
      </output>
    </div>
  );
}
