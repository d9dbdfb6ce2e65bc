"use client";
// The life of every form checked with a shared schema (lib/validations): read the fields, check
// them, send, and show what failed — by field, named as the API names them (its 422 details
// included), or as one message for anything else. `done` says the last send went through.
import { useState, type FormEvent } from "react";
import type { z } from "zod";
import { ApiRequestError } from "@/lib/swr/fetcher.ts";
import { fieldErrors, type FieldErrors } from "@/lib/validations/field-errors.ts";

export function useSchemaForm<T>(schema: z.ZodType<T>, read: (fields: FormData) => unknown, send: (value: T, form: HTMLFormElement) => Promise<void>) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string>();
  const [pending, setPending] = useState(false);
  const [done, setDone] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget; // React clears currentTarget once the handler awaits
    const parsed = schema.safeParse(read(new FormData(form)));
    setProblem(undefined);
    setDone(false);
    setErrors(parsed.success ? {} : fieldErrors(parsed.error.issues));
    if (!parsed.success) return;
    setPending(true);
    try {
      await send(parsed.data, form);
      setDone(true);
    } catch (error) {
      if (error instanceof ApiRequestError && error.fields.length) setErrors(fieldErrors(error.fields));
      else setProblem(error instanceof Error ? error.message : String(error));
    } finally {
      setPending(false);
    }
  }

  return { errors, problem, pending, done, onSubmit };
}
