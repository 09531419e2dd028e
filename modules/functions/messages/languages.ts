import { EN } from './en';
import { JA } from './ja';
import type { AlertTexts, Step } from './types';

/** The languages alerts can be written in (alerts.language); adding one is a file and a line here. */
export const ALERT_LANGUAGES = { en: EN, ja: JA } as const satisfies Readonly<Record<string, AlertTexts>>;
export type AlertLanguage = keyof typeof ALERT_LANGUAGES;
export const DEFAULT_ALERT_LANGUAGE: AlertLanguage = 'en';

/** The texts of `language`, English for a language this package does not have. */
export function textsFor(language: string | undefined): AlertTexts {
  return (ALERT_LANGUAGES as Readonly<Record<string, AlertTexts>>)[language ?? DEFAULT_ALERT_LANGUAGE] ?? ALERT_LANGUAGES.en;
}

/** SNS's rules for a subject: one line without control characters, under 100 characters. */
export function subjectLine(subject: string): string {
  const clean = subject.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
  const characters = [...clean];
  return characters.length <= 99 ? clean : `${characters.slice(0, 98).join('')}…`;
}

/** The numbered steps of an alert under their heading, each link on its own indented line. */
export function stepLines(texts: AlertTexts, steps: readonly Step[]): string[] {
  return [texts.stepsHeading, ...steps.flatMap((step, index) => [`${index + 1}. ${step.text}`, ...(step.link ? [`   ${step.link}`] : [])])];
}
