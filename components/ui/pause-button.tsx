"use client";
// The switch of a live view's refresh: pressed while paused.
import { Button } from "@/components/ui/button.tsx";

export function PauseButton({ paused, onPause }: { paused: boolean; onPause: (paused: boolean) => void }) {
  return (
    <Button variant="secondary" aria-pressed={paused} onClick={() => onPause(!paused)}>
      {paused ? "Resume" : "Pause"}
    </Button>
  );
}
