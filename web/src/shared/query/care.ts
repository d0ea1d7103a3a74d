/** Care (关爱): query keys. Every key starts with careKeys.all. */
export const careKeys = {
  all: ['care'] as const,
};
