import { routeName } from '../../api/content';
import type { AttributeInfo } from '../../api/types';
import { constraintHint } from '../../content/constraint-hint';
import { fetchBuilder } from '../../api/builder';
import { Link } from '../../router/link';
import { useApi } from '../../state/api-context';
import { useSchema } from '../../state/content-types';
import { useResource } from '../../state/use-resource';

/** Every content type with its attributes and relations; in development, with the builder's actions. */
export function ContentTypesViewer() {
  const schema = useSchema();
  const client = useApi();
  // The builder answers in development only (404 in production): its answer decides whether to offer editing.
  const builder = useResource((signal) => fetchBuilder(client, signal), [client]);
  const editable = builder.data?.enabled === true;
  return (
    <>
      <header class="page-header">
        <div>
          <h1>Content types</h1>
          <p class="muted">
            Defined in <code>config/content-types/*.json</code>.{' '}
            {editable ? 'Edit them here, or change a file and restart Larder.' : 'Change a file and restart Larder to change a type.'}
          </p>
        </div>
        {editable ? <Link to="/settings/content-types/new" class="btn btn-primary">New type</Link> : null}
      </header>
      <nav aria-label="Content types on this page" class="chips-nav">
        {schema.types.map((type) => <a key={type.uid} href={`#type-${type.singularName}`} class="chip">{type.displayName}</a>)}
      </nav>
      {schema.types.map((type) => (
        <section key={type.uid} id={`type-${type.singularName}`} class="card stack" aria-labelledby={`type-${type.singularName}-title`}>
          <header>
            <h2 id={`type-${type.singularName}-title`}>{type.displayName}</h2>
            <p class="muted">
              <code>{type.uid}</code> · {type.kind === 'collectionType' ? 'Collection type' : 'Single type'} · <code>/api/{routeName(type)}</code>
              {type.draftAndPublish ? ' · Draft & publish' : ''}
            </p>
            {type.description ? <p>{type.description}</p> : null}
            {editable ? (
              <Link to={`/settings/content-types/${type.singularName}/edit`} class="btn btn-small" aria-label={`Edit ${type.displayName}`}>Edit</Link>
            ) : null}
          </header>
          <table class="table">
            <caption class="visually-hidden">Attributes of {type.displayName}</caption>
            <thead><tr><th scope="col">Attribute</th><th scope="col">Type</th><th scope="col">Required</th><th scope="col">Details</th></tr></thead>
            <tbody>
              {Object.entries(type.attributes).map(([name, attribute]) => (
                <tr key={name}>
                  <th scope="row"><code>{name}</code></th>
                  <td>{typeLabel(attribute)}</td>
                  <td>{attribute.required ? 'Yes' : <span class="muted">No</span>}</td>
                  <td>{details(attribute) || <span class="muted">—</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </>
  );
}

function typeLabel(attribute: AttributeInfo) {
  if (attribute.type !== 'relation') return attribute.type;
  return <>relation <span class="muted">{attribute.relation}</span> → <a href={`#type-${attribute.target}`}>{attribute.target}</a></>;
}

function details(attribute: AttributeInfo): string {
  const parts = [constraintHint(attribute)];
  if (attribute.type === 'relation') {
    if (attribute.inversedBy) parts.push(`inversed by ${attribute.target}.${attribute.inversedBy}`);
    if (attribute.mappedBy) parts.push(`mapped by ${attribute.target}.${attribute.mappedBy}`);
  } else {
    if (attribute.enum) parts.push(`one of ${attribute.enum.join(', ')}`);
    if (attribute.default !== undefined) parts.push(`default ${JSON.stringify(attribute.default)}`);
    if (attribute.targetField) parts.push(`generated from ${attribute.targetField}`);
  }
  return parts.filter(Boolean).join(' · ');
}
