/** Why an attribution cannot be made, in words a user can act on (the host maps it to a protocol error). */
export class AttributionError extends Error {
  constructor(
    readonly code: 'bad_node' | 'bad_class' | 'bad_option',
    message: string,
  ) {
    super(message);
    this.name = 'AttributionError';
  }
}
