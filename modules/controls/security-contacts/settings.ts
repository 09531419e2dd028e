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
