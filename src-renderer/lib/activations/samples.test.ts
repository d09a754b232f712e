import { describe, expect, it } from 'vitest';
import { parseSampleTable, tableIntro } from './samples';

const md = `# Sample images

Two photographs, from a
public collection:

| file | subject | terms |
| --- | --- | --- |
| cat.png | a cat | CC0 |
| rocket.jpg | a launch | public domain |
| notes.txt | not an image | n/a |

Ship them with the app.
`;

describe('sample licence table', () => {
  it('reads the image rows of the table', () => {
    expect(parseSampleTable(md)).toEqual([
      { file: 'cat.png', subject: 'a cat', terms: 'CC0' },
      { file: 'rocket.jpg', subject: 'a launch', terms: 'public domain' },
    ]);
  });
  it('follows the header, whatever the column order', () => {
    expect(parseSampleTable('| terms | file | subject |\n|-|-|-|\n| CC0 | a.webp | b |')).toEqual([
      { file: 'a.webp', subject: 'b', terms: 'CC0' },
    ]);
    expect(parseSampleTable('no table here')).toEqual([]);
  });
  it('keeps the prose above the table as one line', () => {
    expect(tableIntro(md)).toBe('Two photographs, from a public collection:');
  });
});
