// The query the analytics page opens with: the payment terminals' transactions by region and
// merchant over the last week, as in Cloudflare's Pub/Sub announcement (DESIGN §5). A hook that
// writes `labels: [broker, region, merchantId], metrics: [transactionsProcessed]` fills it.
export const exampleQuery = `-- Transactions per region and merchant over the last week
SELECT
  label_2 as region,
  label_3 as merchantId,
  sum(metric_1) as total_transactions
FROM TELEMETRY
WHERE
  metric_1 > 0
  AND timestamp >= now() - 604800
GROUP BY
  region,
  merchantId
ORDER BY
  total_transactions DESC
LIMIT 10
`;
