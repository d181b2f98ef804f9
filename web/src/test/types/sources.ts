// The JavaScript sources checked against the declarations (tsconfig.sources.json: checkJs, ES2020 + DOM).
// A declared export that the sources lack or type differently, or an export the declarations do not
// mention, fails `tsc`, and with it the web module's build.
import * as source from '../../main/resources/META-INF/resources/js/switchboard-client.js';
import type * as declared from '@switchboard/client';

/** Everything declared exists in the sources with an assignable type. */
export const sourcesMatchDeclarations: typeof declared = source;

/** Everything the sources export is declared. */
type Undeclared = Exclude<keyof typeof source, keyof typeof declared>;
export const nothingUndeclared: [Undeclared] extends [never] ? true : Undeclared = true;
