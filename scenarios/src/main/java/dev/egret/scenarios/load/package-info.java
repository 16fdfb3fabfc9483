/**
 * Loading and validating scenario files (SPEC §3, §6): every problem of a file is reported at once,
 * each with file:line:column, the field, what is wrong and what would be right.
 */
package dev.egret.scenarios.load;
