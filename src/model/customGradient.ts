import * as tf from '@tensorflow/tfjs-core';

export type Activation = 'relu' | 'linear';

/**
 * tf.customGrad with typed arguments: `f` gets the input tensors and the
 * save function, returns the value and the gradient for each input.
 */
export function withGradient<T extends tf.Tensor>(
  inputs: tf.Tensor[],
  f: (
    inputs: tf.Tensor[],
    save: tf.GradSaveFunc,
  ) => { value: T; gradFunc: (dy: T, saved: tf.Tensor[]) => tf.Tensor | tf.Tensor[] },
): T {
  const custom = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) =>
    f(args.slice(0, -1) as tf.Tensor[], args[args.length - 1] as tf.GradSaveFunc),
  );
  return custom(...inputs) as T;
}
