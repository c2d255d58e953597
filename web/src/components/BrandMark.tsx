/** The AuthorWorks mark: a letter A set on a page, with a gold baseline. Decorative. */
export function BrandMark({ size = 28 }: { size?: number }) {
  return (
    <svg className="brand-mark" width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="7" fill="var(--brand-ink)" />
      <path d="M9 23 15 8h2l6 15h-3l-1.4-3.8h-5.3L12 23H9zm5.2-6.3h3.6L16 11.7l-1.8 5z" fill="var(--brand-paper)" />
      <path d="M8 25.5h16" stroke="var(--brand-gold)" strokeWidth="1.6" strokeLinecap="round" />
    </svg>
  );
}
