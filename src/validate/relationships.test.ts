// The relationship check: both directions counted, and an orphan (a row the key should have refused,
// slipped in with the key's triggers off) is an error with the key's business rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withEmbeddedDatabase } from '../../test/support/databases.ts';
import { flawedShopContext } from '../../test/fixtures/validate-plans/flawed-shop.ts';
import { checkRelationships } from './relationships.ts';

test('orphans are errors at the foreign key, with its business rule', async () => {
  await withEmbeddedDatabase(async (db) => {
    const ctx = await flawedShopContext(db);
    await db.exec(`
      ALTER TABLE shop.orders DISABLE TRIGGER ALL;
      INSERT INTO shop.orders (customer_id, status, placed_at) VALUES (999999, 'new', now()), (999998, 'paid', now());
      ALTER TABLE shop.orders ENABLE TRIGGER ALL;`);
    const section = await checkRelationships(ctx);
    assert.equal(section.findings.length, 1);
    const [orphans] = section.findings;
    assert.equal(orphans?.code, 'orphan-rows');
    assert.equal(orphans?.severity, 'error');
    assert.equal(orphans?.object, 'shop.orders.(customer_id)');
    assert.match(orphans?.message ?? '', /^2 rows of shop\.orders reference no row of shop\.customers/);
    assert.equal(orphans?.businessRule, 'Every order belongs to a customer.');
    assert.equal(orphans?.location?.line, 34, "at the foreign key's entry");
    assert.equal(section.summary, '2 foreign keys joined both ways, 1 with orphans');
    assert.match(
      section.lines.join('\n'),
      /20,000 of 20,002 rows join a parent; 2,000 of 2,000 parents have children/,
    );
    assert.match(
      section.lines.join('\n'),
      /5,000 of 5,000 rows join a parent; 2,500 of 20,002 parents have children/,
    );
  });
});
