/**
 * A problem the operator fixes (drift, a migration the data does not allow, a
 * rename flag that does not apply, a file that cannot be imported). The CLI
 * prints the message alone and exits 1: no stack trace.
 */
export class OperatorError extends Error {}

/** The server cannot start: the database and the content model differ in a way boot must not fix. */
export class SchemaDriftError extends OperatorError {
  override readonly name = 'SchemaDriftError';
}

/** A migration could not be applied; its transaction was rolled back. Shown to the operator as is. */
export class MigrationFailedError extends OperatorError {
  override readonly name = 'MigrationFailedError';
}

/** A rename flag that cannot apply. */
export class RenameError extends OperatorError {
  override readonly name = 'RenameError';
}
