"use client";
// A delete action behind a confirmation, with the API's refusal shown in the dialog.
import { useState, type ReactNode } from "react";
import { Alert } from "@/components/ui/alert.tsx";
import { Button } from "@/components/ui/button.tsx";
import { ConfirmDialog } from "@/components/ui/confirm-dialog.tsx";

interface DeleteButtonProps {
  label: string;
  title: string;
  children: ReactNode;
  /** Deletes; a thrown error is shown and the dialog stays open. */
  onDelete(): Promise<void>;
}

export function DeleteButton({ label, title, children, onDelete }: DeleteButtonProps) {
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<string>();
  const confirm = async () => {
    setPending(true);
    setProblem(undefined);
    try {
      await onDelete();
      setOpen(false);
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    } finally {
      setPending(false);
    }
  };
  return (
    <>
      <Button variant="danger" onClick={() => setOpen(true)}>
        {label}
      </Button>
      <ConfirmDialog open={open} title={title} confirmLabel={label} pending={pending} onConfirm={confirm} onCancel={() => setOpen(false)}>
        {children}
        {problem && <Alert tone="error">{problem}</Alert>}
      </ConfirmDialog>
    </>
  );
}
