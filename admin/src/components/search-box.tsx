import { useEffect, useRef, useState } from 'preact/hooks';

interface SearchBoxProps {
  value: string;
  label: string;
  onSearch(value: string): void;
}

/** A search field that applies after a pause in typing, or at once on Enter. */
export function SearchBox({ value, label, onSearch }: SearchBoxProps) {
  const [text, setText] = useState(value);
  const latest = useRef(onSearch);
  latest.current = onSearch;
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (text === value) return undefined;
    const timer = window.setTimeout(() => latest.current(text), 400);
    return () => window.clearTimeout(timer);
  }, [text, value]);
  return (
    <form role="search" class="search-box" onSubmit={(event) => { event.preventDefault(); onSearch(text); }}>
      <label for="list-search" class="visually-hidden">{label}</label>
      <input id="list-search" class="input" type="search" placeholder={label} value={text} onInput={(event) => setText((event.currentTarget as HTMLInputElement).value)} />
    </form>
  );
}
