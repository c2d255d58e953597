// Readiness checks are named by the modules (`web-app`, later `database`, `events`, ...); these
// are the words a person reads for them. Unknown names are tidied up rather than hidden.
const knownNames: Record<string, string> = {
  "web-app": "Web app",
};

export function checkLabel(name: string): string {
  const known = knownNames[name];
  if (known) return known;
  const words = name.replace(/[-_.]+/g, " ").trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : name;
}
