import { describe, expect, it } from 'vitest';
import { describeArchitecture } from './architecture';

describe('describeArchitecture', () => {
  it('lists layers with their settings and parameter counts from a Layers topology', () => {
    const topology = {
      class_name: 'Sequential',
      config: {
        layers: [
          { class_name: 'Conv2D', config: { name: 'conv2d_1', filters: 16, kernel_size: [3, 3], strides: [1, 1], activation: 'relu' } },
          { class_name: 'MaxPooling2D', config: { name: 'max_pooling2d_1', pool_size: [2, 2], strides: [2, 2] } },
          { class_name: 'Dropout', config: { name: 'dropout_1', rate: 0.1 } },
          { class_name: 'Dense', config: { name: 'dense_2', units: 10, activation: 'softmax' } },
        ],
      },
    };
    const weights = [
      { name: 'conv2d_1/kernel', shape: [3, 3, 1, 16] },
      { name: 'conv2d_1/bias', shape: [16] },
      { name: 'dense_2/kernel', shape: [64, 10] },
      { name: 'dense_2/bias', shape: [10] },
    ];
    expect(describeArchitecture(topology, weights)).toEqual([
      { name: 'conv2d_1', type: 'Conv2D', settings: '16 filters, kernel 3×3, relu', parameters: 160 },
      { name: 'max_pooling2d_1', type: 'MaxPooling2D', settings: 'stride 2×2, pool 2×2', parameters: 0 },
      { name: 'dropout_1', type: 'Dropout', settings: 'rate 0.1', parameters: 0 },
      { name: 'dense_2', type: 'Dense', settings: '10 units, softmax', parameters: 650 },
    ]);
  });
  it('returns nothing for a topology it cannot read', () => {
    expect(describeArchitecture(null, [])).toEqual([]);
    expect(describeArchitecture({ class_name: 'Sequential', config: {} }, [])).toEqual([]);
  });
});
