import { z } from 'zod';

/** One channel of the contract: its input schema, and its output type. */
export interface Channel<I extends z.ZodType, O> {
  readonly input: I;
  /** Phantom: carries the output type; never read at run time. */
  readonly output?: O;
}
export const channel = <O>() => <I extends z.ZodType>(input: I): Channel<I, O> => ({ input });

export const NoInput = z.undefined();
