import path from 'node:path';
import { resolveInside } from '../../../tools/server/staticFiles';

describe('resolveInside', () => {
  const root = path.resolve('/srv/root');
  test('maps ordinary paths inside the root', () => {
    expect(resolveInside(root, '/a/b.js')).toBe(path.join(root, 'a', 'b.js'));
    expect(resolveInside(root, '/a%20b.js')).toBe(path.join(root, 'a b.js'));
  });
  test.each(['/../etc/passwd', '/a/../../etc', '/%2e%2e/x', '/..%2fx', '/a%5c..%5c..%5cx', '/.env', '/x%00.js', '/%E0%A4%A'])(
    'rejects %s',
    p => expect(resolveInside(root, p)).toBeNull()
  );
});
