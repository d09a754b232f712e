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

/** The Korean dictionary; each part is typed against its English part, so keys cannot drift. */
export const ko = {
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
