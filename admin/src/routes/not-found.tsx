import { Link } from '../router/link';

export function NotFound({ what = 'This page' }: { what?: string }) {
  return (
    <div class="stack">
      <h1>Not found</h1>
      <p>{what} does not exist, or you do not have access to it.</p>
      <p><Link to="/">Back to the start</Link></p>
    </div>
  );
}
