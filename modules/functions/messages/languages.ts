import { EN } from './en';
import { JA } from './ja';
import type { AlertTexts } from './types';



/** The languages alerts can be written in (alerts.language); adding one is a file and a line here. */
export const ALERT_LANGUAGES = { en: EN, ja: JA } as const satisfies Readonly<Record<string, AlertTexts>>;
export type AlertLanguage = keyof typeof ALERT_LANGUAGES;
export const DEFAULT_ALERT_LANGUAGE: AlertLanguage = 'en';
