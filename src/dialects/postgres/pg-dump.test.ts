import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareDumps, splitDumpEntries } from './pg-dump.ts';

const ENTRY = `--
-- Name: t t_fk; Type: FK CONSTRAINT; Schema: public; Owner: me
--

ALTER TABLE ONLY public.t ADD CONSTRAINT t_fk FOREIGN KEY (a) REFERENCES public.u(a);
`;
const ACL = `--
-- Name: SCHEMA public; Type: ACL; Schema: -; Owner: me
--

GRANT ALL ON SCHEMA public TO PUBLIC;
`;
const END = `
--
-- PostgreSQL database dump complete
--
`;

test('the closing comment of a dump is part of no entry', () => {
  const entries = splitDumpEntries(`${ENTRY}${END}`);
  assert.equal(entries.length, 1);
  assert.doesNotMatch(entries[0]?.text ?? '', /dump complete/);
  // An explained last entry in one dump leaves the other entries equal.
  const differences = compareDumps(`${ENTRY}${ACL}${END}`, `${ENTRY}${END}`, (entry) => entry.type === 'ACL');
  assert.deepEqual(differences, []);
});

test('the items of an ACL compare as a set, not in the order pg_dump prints them', () => {
  const acl = (lines: string[]) =>
    `--\n-- Name: TABLE t; Type: ACL; Schema: public; Owner: me\n--\n\n${lines.join('\n')}\n`;
  const a = acl(['GRANT ALL ON TABLE public.t TO anon;', 'GRANT ALL ON TABLE public.t TO staff;']);
  const b = acl(['GRANT ALL ON TABLE public.t TO staff;', 'GRANT ALL ON TABLE public.t TO anon;']);
  const c = acl(['GRANT ALL ON TABLE public.t TO staff;']);
  assert.deepEqual(compareDumps(a, b), []);
  assert.equal(compareDumps(a, c).length, 1);
});
