// Numbers and dates as writers read them.

export const formatWords = (n: number) => `${n.toLocaleString("en-US")} ${n === 1 ? "word" : "words"}`;

export function formatCost(usd: number): string {
  if (usd === 0) return "$0.00";
  if (usd < 0.01) return "< $0.01";
  return `$${usd.toFixed(2)}`;
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export function formatWhen(iso: string, now: Date = new Date()): string {
  const then = new Date(iso);
  if (Number.isNaN(then.getTime())) return iso;
  const seconds = (now.getTime() - then.getTime()) / 1000;
  if (seconds < 60) return "just now";
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ago`;
  return then.toLocaleDateString("en-US", { year: "numeric", month: "short", day: "numeric" });
}

const statusLabels: Record<string, string> = {
  draft: "Draft",
  queued: "Waiting to start",
  running: "Writing",
  generating: "Writing",
  completed: "Complete",
  failed: "Stopped by a problem",
  cancelled: "Paused",
};
export const statusLabel = (status: string) => statusLabels[status] ?? status;

const stageLabels: Record<string, string> = {
  genre: "Genre",
  style: "Style",
  characters: "Characters",
  synopsis: "Synopsis",
  outline: "Outline",
  chapter_plan: "Chapter plans",
  scene: "Scenes",
  scene_continue: "Scenes",
  summary: "Summaries",
  repair: "Repairs",
};
export const stageLabel = (stage: string) => stageLabels[stage] ?? stage;

/** The stages a book walks through, in order, as the timeline shows them. */
export const timelineStages = ["genre", "style", "characters", "synopsis", "outline", "chapter_plan", "scene"];
