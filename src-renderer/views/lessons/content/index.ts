import type { Component } from 'svelte';
import L01 from './L01.svelte';
import L02 from './L02.svelte';
import L03 from './L03.svelte';
import L04 from './L04.svelte';
import L05 from './L05.svelte';
import L06 from './L06.svelte';
import L07 from './L07.svelte';
import L08 from './L08.svelte';
import L09 from './L09.svelte';
import L10 from './L10.svelte';
import L11 from './L11.svelte';
import L12 from './L12.svelte';
import L13 from './L13.svelte';

/** Lesson number → its live part (diagrams, calculators, check box) for a given step. */
export const LESSON_BODIES: Record<number, Component<{ step: number }>> = {
  1: L01,
  2: L02,
  3: L03,
  4: L04,
  5: L05,
  6: L06,
  7: L07,
  8: L08,
  9: L09,
  10: L10,
  11: L11,
  12: L12,
  13: L13,
};
