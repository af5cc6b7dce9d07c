/**
 * Branded identifiers. A TrialId and a StudyId are both strings at run time, but the brand stops one
 * being passed where the other is expected.
 */
declare const brand: unique symbol;
type Brand<T, B extends string> = T & { readonly [brand]: B };

export type StudyId = Brand<string, 'StudyId'>;
export type RequestId = Brand<number, 'RequestId'>;

export const asStudyId = (value: string): StudyId => value as StudyId;
export const asRequestId = (value: number): RequestId => value as RequestId;
