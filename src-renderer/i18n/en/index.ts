import { activations } from './activations.js';
import { app } from './app.js';
import { browse } from './browse.js';
import { errors } from './errors.js';
import { figures } from './figures.js';
import { glossary } from './glossary.js';
import { lessonsA } from './lessons-a.js';
import { lessonsB } from './lessons-b.js';
import { shell } from './shell.js';
import { training } from './training.js';
import { explain } from './explain.js';
import { featvis } from './featvis.js';

/** The English dictionary: the reference set of keys. Korean must have exactly the same. */
export const en = {
  ...activations,
  ...app,
  ...glossary,
  ...lessonsA,
  ...lessonsB,
  ...shell,
  ...browse,
  ...training,
  ...errors,
  ...figures,
  ...explain,
  ...featvis,
};
export type MessageKey = keyof typeof en;
