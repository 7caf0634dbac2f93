/**
 * The layout of src/: no import circle among its modules (type imports
 * included: a circle of types is a circle of ideas), and no module over 300
 * lines, tests aside.
 */
import * as fs from 'fs';
import * as path from 'path';

const SRC = path.resolve(__dirname, '..');
const MAX_LINES = 300;

function modules(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      return entry.name === '__tests__' ? [] : modules(full);
    }
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')
      ? [full]
      : [];
  });
}

/**
 * The modules of src/ that `file` imports or re-exports.
 */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf-8');
  const specifiers = [
    ...text.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+'(\.[^']*)'/gms),
    ...text.matchAll(/^\s*import\s+'(\.[^']*)'/gm)
  ].map(match => match[1]);
  return specifiers.flatMap(specifier => {
    const base = path.resolve(path.dirname(file), specifier);
    if (/\.(svg|css|json)$/.test(base)) {
      return []; // an asset, not a module
    }
    const found = [
      `${base}.ts`,
      `${base}.tsx`,
      path.join(base, 'index.ts'),
      path.join(base, 'index.tsx')
    ].find(candidate => fs.existsSync(candidate));
    if (!found) {
      throw new Error(`${file}: cannot resolve '${specifier}'`);
    }
    return [found];
  });
}

/**
 * Every import circle, each as the path of modules around it.
 */
function circles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const done = new Set<string>();
  const stack: string[] = [];
  const visit = (node: string): void => {
    const at = stack.indexOf(node);
    if (at >= 0) {
      found.push([...stack.slice(at), node]);
      return;
    }
    if (done.has(node)) {
      return;
    }
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      visit(next);
    }
    stack.pop();
    done.add(node);
  };
  for (const node of graph.keys()) {
    visit(node);
  }
  return found;
}

const relative = (file: string): string => path.relative(SRC, file);

describe('the layout of src/', () => {
  const files = modules(SRC);

  it('finds the modules', () => {
    expect(files.map(relative)).toEqual(
      expect.arrayContaining(['index.ts', 'protocol/index.ts', 'model.ts'])
    );
  });

  it('has no import circle', () => {
    const graph = new Map(files.map(file => [file, importsOf(file)]));
    expect(circles(graph).map(circle => circle.map(relative))).toEqual([]);
  });

  it('has no module over 300 lines', () => {
    const long = files
      .map(file => ({
        file: relative(file),
        lines: fs.readFileSync(file, 'utf-8').split('\n').length - 1
      }))
      .filter(({ lines }) => lines > MAX_LINES);
    expect(long).toEqual([]);
  });
});
