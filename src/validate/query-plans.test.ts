// The plan checks over a deliberately flawed model (test/fixtures/validate-plans/flawed-shop.yaml) on
// both kinds of database: exactly its two flaws are found, the advised indexes are the ones it lacks,
// and once they are added to the model the patterns are served by them.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import type { Database } from '../db/database.ts';
import type { Model } from '../model/model-schema.ts';
import { databaseKinds, withDatabase } from '../../test/support/databases.ts';
import {
  flawedShopContext,
  readFlawedShop,
  fillFlawedShop,
} from '../../test/fixtures/validate-plans/flawed-shop.ts';
import { serverMajorVersion } from '../db/scratch-source.ts';
import { checkIndexAdvice, type AdvisedIndex } from './index-advice.ts';
import { checkQueryPlans } from './query-plans.ts';
import { checkRelationships } from './relationships.ts';
import type { ValidationContext, ValidationFinding } from './validation.ts';

const codes = (findings: ValidationFinding[]) =>
  findings.map((f) => `${f.severity} ${f.code} ${f.object ?? ''}`).sort();

/** hypopg on a server that has it installed; the advice is tried hypothetically there. */
async function hasHypopg(db: Database): Promise<boolean> {
  if (db.kind !== 'server') return false;
  try {
    await db.exec('CREATE EXTENSION IF NOT EXISTS hypopg');
    return true;
  } catch {
    return false;
  }
}

describe('query plans and index advice on a flawed model', () => {
  for (const kind of databaseKinds)
    test(`finds the missing foreign key index and the missing composite index (${kind})`, async (t) => {
      await withDatabase(kind, t, async (db) => {
        const ctx = await flawedShopContext(db, { hasHypopg: await hasHypopg(db) });
        if (kind === 'server') assert.ok(ctx.hasHypopg, 'the server has hypopg installed');
        const plans = await checkQueryPlans(ctx);
        assert.deepEqual(codes(plans.findings), [
          'warning seq-scan-on-large-table shop.orders.for_customer',
          'warning seq-scan-on-large-table shop.orders.recent_by_status',
        ]);
        const forCustomer = plans.findings.find((f) => f.object === 'shop.orders.for_customer');
        assert.equal(forCustomer?.location?.line, 41, 'located at the pattern in the model file');
        // Parameters come from the sample: a customer that has orders, a status, two placed_at values.
        const details = plans.details.patterns as {
          pattern: string;
          parameters: string[];
          actualRows: number;
        }[];
        const byStatus = details.find((p) => p.pattern === 'shop.orders.recent_by_status');
        assert.equal(byStatus?.parameters.length, 3);
        assert.ok((byStatus?.actualRows ?? 0) > 0, 'the filled range holds rows');
        assert.ok(plans.lines.some((line) => /Index Scan using "?pk_Order Lines/.test(line)));

        const advice = await checkIndexAdvice(ctx);
        assert.deepEqual(codes(advice.findings), [
          'info index-advised shop.orders',
          'info index-advised shop.orders',
          'info unused-index shop.Order Lines.idx_Order Lines_select',
        ]);
        const advised = advice.details.advised as (AdvisedIndex & { yaml: string })[];
        assert.deepEqual(
          advised.map((a) => a.columns),
          [['customer_id'], ['status', 'placed_at']],
        );
        assert.equal(advised[0]?.tried, kind === 'server' ? 'hypopg' : 'built');
        assert.match(
          advised[1]?.rationale ?? '',
          /recent_by_status \(50\/s\): equality on status, range on placed_at/,
        );

        const relationships = await checkRelationships(ctx);
        assert.deepEqual(relationships.findings, []);
        assert.match(relationships.lines.join('\n'), /20,000 of 20,000 rows join a parent/);

        // Nothing the checks tried is left behind.
        const indexes = await db.query(`SELECT 1 FROM pg_indexes WHERE indexname LIKE 'schemata_candidate%'`);
        assert.equal(indexes.length, 0);

        // The advice, as printed, added to the model: the patterns use the new indexes.
        const improved = await withAdvice(advised.map((a) => a.yaml));
        await withDatabase(kind, t, async (fresh) => {
          const again: ValidationContext = {
            ...ctx,
            db: fresh,
            model: improved,
            serverVersion: await serverMajorVersion(fresh),
            rowCounts: await fillFlawedShop(fresh, improved),
          };
          const replanned = await checkQueryPlans(again);
          assert.deepEqual(replanned.findings, []);
          const patterns = replanned.details.patterns as {
            pattern: string;
            indexScans: { index?: string }[];
          }[];
          for (const name of ['shop.orders.for_customer', 'shop.orders.recent_by_status']) {
            const used = patterns.find((p) => p.pattern === name)?.indexScans.map((s) => s.index);
            assert.ok(
              used?.some((index) => index?.startsWith('idx_orders_')),
              `${name} uses ${used?.join(', ')}`,
            );
          }
          const readvised = await checkIndexAdvice(again);
          assert.deepEqual(codes(readvised.findings), [
            'info unused-index shop.Order Lines.idx_Order Lines_select',
          ]);
        });
      });
    });

  test('a sort no index gives is flagged, and the advice puts the sort columns after the filter', async () => {
    await withDatabase('embedded', {} as never, async (db) => {
      const ctx = await flawedShopContext(db);
      const sorted = structuredClone(ctx.model);
      const orders = sorted.schemas?.shop?.tables?.orders;
      assert.ok(orders);
      orders.queryPatterns = [
        {
          name: 'latest_of_customer',
          sql: 'SELECT id, total FROM shop.orders WHERE customer_id = $1 ORDER BY placed_at DESC LIMIT 20',
          frequency: '300/s',
        },
      ];
      const sortedCtx = { ...ctx, model: sorted };
      const plans = await checkQueryPlans(sortedCtx);
      assert.deepEqual(codes(plans.findings), [
        'warning seq-scan-on-large-table shop.orders.latest_of_customer',
        'warning sort-without-index shop.orders.latest_of_customer',
      ]);
      const advice = await checkIndexAdvice(sortedCtx);
      const advised = advice.details.advised as AdvisedIndex[];
      assert.deepEqual(
        advised.map((a) => a.columns),
        [['customer_id', 'placed_at']],
      );
      assert.match(advised[0]?.rationale ?? '', /equality on customer_id, order by placed_at/);
    });
  });

  test('a join is served by an index on the join column of the inner table', async () => {
    await withDatabase('embedded', {} as never, async (db) => {
      const ctx = await flawedShopContext(db);
      const joined = structuredClone(ctx.model);
      const customers = joined.schemas?.shop?.tables?.customers;
      assert.ok(customers);
      customers.queryPatterns = [
        {
          name: 'regional_orders',
          sql: `SELECT c.email, o.total FROM shop.customers c JOIN shop.orders o ON o.customer_id = c.id
                 WHERE c.region = $1 AND o.status IN ('new', 'paid')`,
        },
      ];
      const joinedCtx = { ...ctx, model: joined };
      const advice = await checkIndexAdvice(joinedCtx);
      const advised = advice.details.advised as AdvisedIndex[];
      assert.deepEqual(
        advised.map((a) => `${a.table} (${a.columns.join(', ')}): ${a.patterns.join(', ')}`),
        [
          'customers (region): shop.customers.regional_orders',
          'orders (customer_id): shop.orders.for_customer',
          // The status index the join asks for is the leading column of the composite one.
          'orders (status, placed_at): shop.orders.recent_by_status, shop.customers.regional_orders',
        ],
      );
      assert.match(advised[2]?.rationale ?? '', /patterns recent_by_status \(50\/s\), regional_orders:/);
    });
  });

  test('a pattern that does not run is an error at its place in the model', async () => {
    await withDatabase('embedded', {} as never, async (db) => {
      const ctx = await flawedShopContext(db);
      const broken = structuredClone(ctx.model);
      const orders = broken.schemas?.shop?.tables?.orders;
      assert.ok(orders?.queryPatterns?.[0]);
      orders.queryPatterns[0].sql = 'SELECT id FROM shop.orders WHERE customer = $1';
      const plans = await checkQueryPlans({ ...ctx, model: broken });
      const failed = plans.findings.filter((f) => f.code === 'query-pattern-failed');
      assert.equal(failed.length, 1);
      assert.equal(failed[0]?.severity, 'error');
      assert.match(failed[0]?.message ?? '', /column "customer" does not exist/);
      assert.equal(failed[0]?.location?.line, 41);
    });
  });
});

/** The flawed model with the advised YAML merged in (each adds one index to a table). */
async function withAdvice(snippets: string[]): Promise<Model> {
  const { model } = await readFlawedShop();
  const merged = structuredClone(model);
  for (const snippet of snippets) {
    const advice = parse(snippet) as Model;
    for (const [schema, definition] of Object.entries(advice.schemas ?? {}))
      for (const [table, value] of Object.entries(definition.tables ?? {})) {
        const target = merged.schemas?.[schema]?.tables?.[table];
        assert.ok(target, `${schema}.${table} is in the model`);
        target.indexes = [...(target.indexes ?? []), ...(value.indexes ?? [])];
      }
  }
  return merged;
}
