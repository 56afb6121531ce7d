/** Tensors with reverse-mode automatic differentiation over ND4J, layers, optimizers, checkpoints. */
package org.distill4ads.nn;
