import { describe, expect, it } from 'vitest';
import { citeSegments } from './cite';

describe('citations as links', () => {
  it('links a paper reference to its arXiv page', () => {
    expect(citeSegments('P4 §3.3')).toEqual([{ text: 'P4 §3.3', href: 'https://arxiv.org/abs/1602.07261' }]);
  });
  it('links every issue number of a repository', () => {
    expect(citeSegments('tensorflow/models#1553, #11227')).toEqual([
      { text: 'tensorflow/models#1553', href: 'https://github.com/tensorflow/models/issues/1553' },
      { text: ', ' },
      { text: '#11227', href: 'https://github.com/tensorflow/models/issues/11227' },
    ]);
  });
  it('links upstream files and keeps unknown text as text', () => {
    const s = citeSegments(
      'TF-slim inception_v3.py; keras-applications inception_resnet_v2.py; Keras InceptionResNetV2',
    );
    expect(s[0].href).toBe(
      'https://github.com/tensorflow/models/blob/master/research/slim/nets/inception_v3.py',
    );
    expect(s[2].href).toBe(
      'https://github.com/keras-team/keras-applications/blob/master/keras_applications/inception_resnet_v2.py',
    );
    expect(s[4]).toEqual({ text: 'Keras InceptionResNetV2' });
  });
  it("links the lessons' author-year citations to the right paper", () => {
    expect(citeSegments('Szegedy et al. 2014, §5; Szegedy et al. 2015, §4').map((x) => x.href)).toEqual([
      'https://arxiv.org/abs/1409.4842',
      undefined,
      'https://arxiv.org/abs/1512.00567',
    ]);
    expect(citeSegments('Szegedy et al. 2016, Table 2, §3.2')[0].href).toBe(
      'https://arxiv.org/abs/1602.07261',
    );
  });
  it('expands repository aliases', () => {
    expect(citeSegments('keras-applications#39')[0].href).toBe(
      'https://github.com/keras-team/keras-applications/issues/39',
    );
  });
});
