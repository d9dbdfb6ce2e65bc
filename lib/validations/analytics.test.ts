// The one-SELECT check of analytics queries: what counts as a second statement or an unbalanced
// parenthesis, with comments, strings, quoted identifiers and dollar quotes scanned as PostgreSQL does.
import { describe, expect, it } from "vitest";
import { analyticsQuery, singleSelect } from "./analytics.ts";

describe("singleSelect", () => {
  it("accepts one SELECT or WITH query, dropping a trailing semicolon", () => {
    expect(singleSelect("SELECT 1")).toEqual({ sql: "SELECT 1" });
    expect(singleSelect("  with x as (select 1) select * from x;  -- done\n")).toEqual({ sql: "  with x as (select 1) select * from x" });
    expect(singleSelect("(select 1) union (select 2)")).toEqual({ sql: "(select 1) union (select 2)" });
    expect(singleSelect("/* why */ -- note\nselect 1")).toEqual({ sql: "/* why */ -- note\nselect 1" });
  });

  it("refuses anything but a SELECT", () => {
    for (const sql of ["INSERT INTO t VALUES (1)", "update t set a = 1", "DELETE FROM t", "drop table users", "values (1)", "explain select 1", "/* select */ delete from t", "", "  ;"]) {
      expect(singleSelect(sql)).toEqual({ error: "only a SELECT query (or WITH … SELECT) is allowed" });
    }
  });

  it("refuses a second statement, wherever the semicolon is", () => {
    expect(singleSelect("select 1; select 2")).toEqual({ error: "only one statement is allowed" });
    expect(singleSelect("select 1; drop table users")).toEqual({ error: "only one statement is allowed" });
    expect(singleSelect("select (1; 2)")).toEqual({ error: "only one statement is allowed" });
    expect(singleSelect("select 1;;")).toEqual({ error: "only one statement is allowed" });
  });

  it("ignores semicolons and parentheses in comments, strings and quoted identifiers", () => {
    for (const sql of [
      "select ';)' as x",
      "select 'it''s;' as x",
      "select E'\\';(' as x",
      'select 1 as ";("',
      "select $$;)$$ as x",
      "select $tag$ $$ ;) $tag$ as x",
      "select 1 /* ; /* nested ; */ ) */ as x",
      "select 1 -- ; )\n as x",
    ]) {
      expect(singleSelect(sql)).toEqual({ sql });
    }
  });

  it("refuses what would break out of the wrapping subquery", () => {
    expect(singleSelect("select 1) as q, (select 2")).toEqual({ error: "unbalanced parentheses: a ) closes nothing" });
    expect(singleSelect("select (1")).toEqual({ error: "unbalanced parentheses: a ( is not closed" });
    expect(singleSelect("select 'open")).toEqual({ error: "unterminated string" });
    expect(singleSelect('select 1 as "open')).toEqual({ error: "unterminated quoted identifier" });
    expect(singleSelect("select E'\\'")).toEqual({ error: "unterminated string" });
    expect(singleSelect("select $x$ open")).toEqual({ error: "unterminated dollar-quoted string $x$" });
    expect(singleSelect("select 1 /* /* */")).toEqual({ error: "unterminated /* comment" });
  });
});

describe("analyticsQuery", () => {
  it("names the sql field in its refusals", () => {
    const result = analyticsQuery.safeParse({ sql: "select 1; select 2" });
    expect(result.success || result.error.issues.map((i) => [i.path.join("."), i.message])).toEqual([["sql", "only one statement is allowed"]]);
    expect(analyticsQuery.safeParse({ sql: "select 1", extra: true }).success).toBe(false);
    expect(analyticsQuery.safeParse({ sql: `select ${"1".repeat(10_000)}` }).success).toBe(false);
  });
});
