import { z } from 'zod';
import { PHONE, email, mapping, nonEmptyText } from '../../core/config-primitives';

/** One alternate contact, as AWS Account takes it. */
export interface ContactDetails {
  readonly name: string;
  readonly title: string;
  readonly email: string;
  readonly phone: string;
}

export interface AlternateContacts {
  readonly security: ContactDetails;
  readonly billing?: ContactDetails;
  readonly operations?: ContactDetails;
}

/** One contact in the configuration file. */
export const contactSchema = z.strictObject({
  name: nonEmptyText('contact name', 64).meta({ description: "The contact's name." }),
  title: nonEmptyText('contact title', 50).meta({ description: 'Their job title.' }),
  email: email().meta({ description: 'Where AWS writes to them; use a monitored address.' }),
  phone: z
    .string({ error: 'must be a phone number written as a quoted string' })
    .regex(PHONE, { error: 'must be a phone number of at most 25 characters: digits, spaces, "+", "-", "(" and ")"' })
    .meta({ description: 'Their phone number (digits, spaces, "+", "-", "(" and ")").' }),
}, mapping('a mapping { name, title, email, phone }: the person AWS writes to about this account'));
