// A query result's rows under its column names, numbers right-aligned.
import { Cell, Row, Table } from "@/components/ui/table.tsx";
import type { AnalyticsResult } from "@/lib/swr/use-analytics-query.ts";
import { ResultValue } from "./result-value.tsx";

export function ResultTable({ result, numeric }: { result: AnalyticsResult; numeric: number[] }) {
  return (
    <Table columns={result.columns.map((column, c) => (numeric.includes(c) ? <span className="block text-right">{column}</span> : column))} caption="Query result">
      {result.rows.map((row, r) => (
        <Row key={r}>
          {row.map((value, c) => (
            <Cell key={c} className={numeric.includes(c) ? "text-right tabular-nums" : ""}>
              <ResultValue value={value} />
            </Cell>
          ))}
        </Row>
      ))}
    </Table>
  );
}
