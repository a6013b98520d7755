import { useEffect, useState } from 'preact/hooks';
import { a11y, inputValue, type InputProps } from './input-props';

/** Richtext: Markdown source with a rendered preview, loaded only when first asked for. */
export function MarkdownEditor({ ids, value, onInput, disabled }: InputProps) {
  const [preview, setPreview] = useState(false);
  const [html, setHtml] = useState<string | null>(null);

  useEffect(() => {
    if (!preview) return undefined;
    let current = true;
    void import('../../content/render-markdown').then(({ renderMarkdown }) => {
      if (current) setHtml(renderMarkdown(value));
    });
    return () => { current = false; };
  }, [preview, value]);

  return (
    <div class="code-editor markdown-editor">
      <div class="editor-tabs" role="group" aria-label="Editor mode">
        <button type="button" class="tab" aria-pressed={!preview} onClick={() => setPreview(false)}>Write</button>
        <button type="button" class="tab" aria-pressed={preview} onClick={() => setPreview(true)}>Preview</button>
      </div>
      <textarea
        class="input input-code"
        rows={12}
        {...a11y(ids)}
        hidden={preview}
        value={value}
        disabled={disabled}
        onInput={(event) => onInput(inputValue(event))}
      />
      {preview ? (
        <div class="markdown-preview" aria-label="Preview" role="region">
          {html === null ? <p class="muted">Rendering…</p> : value.trim() === ''
            ? <p class="muted">Nothing to preview yet.</p>
            // Safe: render-markdown escapes raw HTML and drops unsafe link schemes.
            : <div dangerouslySetInnerHTML={{ __html: html }} />}
        </div>
      ) : null}
    </div>
  );
}
