import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'events');

/** A decrypted callback payload captured in WeCom's shape, from test/fixtures/events/. */
export function eventFixture(name: string): string {
  return readFileSync(join(FIXTURES, `${name}.xml`), 'utf8');
}

/** The fixture named after a type: `change_contact.create_user` → change-contact-create-user.xml. */
export function fixtureNameForType(type: string): string {
  return type.replace(/[._]/g, '-');
}
