/**
 * The tables of `npm run bench:tables`: public tables nobody working on Sweeplab has tuned on, written as CSV
 * by export_tables.R (from Debian's r-cran-mlbench, r-cran-modeldata, r-cran-aer, r-cran-mass and base R;
 * provenance and licences in README.md). Each entry says which column is predicted, the task (the
 * benchmark passes it as the person's task choice, so the metric is the baselines' one), and why the table
 * is here: together they cover classification and regression, 153 to 61,395 rows, missing values,
 * categorical columns, dates, class imbalance, missing targets and spreadsheet-formatted cells.
 *
 * Left out on purpose: the vega-datasets tables and the Palmer penguins (modeldata::penguins included) are
 * kept for independent checks; the app's built-in tables (Iris, Wine, Breast cancer, Digits, Diabetes) are
 * what the presets were tuned on (bench:presets).
 */

export type SuiteTask = 'classification' | 'regression';

export interface SuiteTable {
  /** Short name, used on the command line (--tables=) and as the CSV's name. */
  readonly name: string;
  /** The CSV export_tables.R writes, relative to the data folder. */
  readonly file: string;
  readonly target: string;
  readonly task: SuiteTask;
  /** Where it comes from: R package and dataset. */
  readonly source: string;
  readonly rows: number;
  /** Columns in the file, the target included. */
  readonly columns: number;
  /** Why the table is in the suite: what it tests. */
  readonly why: string;
  /**
   * Columns export_tables.R wrote in a spreadsheet format instead of as plain numbers or ISO dates (the values
   * are unchanged): what a file exported from a spreadsheet looks like.
   */
  readonly reformatted?: readonly string[];
}

/** Where export_tables.R writes the CSVs (ignored by git: bench-results/). */
export const TABLES_DIR = 'bench-results/tables';

const table = (t: Omit<SuiteTable, 'file'>): SuiteTable => ({ ...t, file: `${t.name}.csv` });

export const SUITE: readonly SuiteTable[] = [
  // --- classification ---
  table({ name: 'pima-diabetes', target: 'diabetes', task: 'classification', source: 'mlbench::PimaIndiansDiabetes2', rows: 768, columns: 9,
    why: 'Binary (35 % positive); impossible zeros recoded as missing, so 652 missing cells, half of insulin and a third of triceps.' }),
  table({ name: 'glass', target: 'Type', task: 'classification', source: 'mlbench::Glass', rows: 214, columns: 10,
    why: 'Six classes from 9 to 76 rows, numeric class codes (1, 2, 3, 5, 6, 7) as the target; small.' }),
  table({ name: 'ionosphere', target: 'Class', task: 'classification', source: 'mlbench::Ionosphere', rows: 351, columns: 35,
    why: 'Binary radar returns; V1 is a 0/1 factor and V2 is constant (a column to leave out).' }),
  table({ name: 'sonar', target: 'Class', task: 'classification', source: 'mlbench::Sonar', rows: 208, columns: 61,
    why: 'Wide and small: 60 features for 208 rows.' }),
  table({ name: 'soybean', target: 'Class', task: 'classification', source: 'mlbench::Soybean', rows: 683, columns: 36,
    why: '19 classes (8 to 92 rows), 35 categorical features coded as small integers, 2,337 missing cells.' }),
  table({ name: 'vehicle', target: 'Class', task: 'classification', source: 'mlbench::Vehicle', rows: 846, columns: 19,
    why: 'Four balanced classes of silhouette measurements, two of them hard to tell apart (saab, opel).' }),
  table({ name: 'satellite', target: 'classes', task: 'classification', source: 'mlbench::Satellite', rows: 6435, columns: 37,
    why: 'Six land-cover classes from 36 pixel values; mid-sized, all numeric.' }),
  table({ name: 'house-votes', target: 'Class', task: 'classification', source: 'mlbench::HouseVotes84', rows: 435, columns: 17,
    why: 'Sixteen y/n votes (booleans in words) with 392 missing cells; a party to predict.' }),
  table({ name: 'letter', target: 'lettr', task: 'classification', source: 'mlbench::LetterRecognition', rows: 20000, columns: 17,
    why: '26 classes, 20,000 rows: the many-class, larger-table case.' }),
  table({ name: 'credit-data', target: 'Status', task: 'classification', source: 'modeldata::credit_data', rows: 4454, columns: 14,
    why: 'Credit scoring (28 % bad): categoricals (home, marital, job) and 455 missing cells.' }),
  table({ name: 'attrition', target: 'Attrition', task: 'classification', source: 'modeldata::attrition', rows: 1470, columns: 31,
    why: 'Imbalanced (16 % leave), ordered categoricals written as words (Low … Very_High).' }),
  table({ name: 'mlc-churn', target: 'churn', task: 'classification', source: 'modeldata::mlc_churn', rows: 5000, columns: 20,
    why: 'Imbalanced (14 % churn), a 51-level state column, yes/no plans.' }),
  table({ name: 'hpc-data', target: 'class', task: 'classification', source: 'modeldata::hpc_data', rows: 4331, columns: 8,
    why: 'Four classes from 51 % to 6 % (imbalanced multi-class), a 14-level protocol and a weekday column.' }),
  table({ name: 'stackoverflow', target: 'Remote', task: 'classification', source: 'modeldata::stackoverflow', rows: 5594, columns: 21,
    why: 'Imbalanced (10 % remote) and hard: salary, country, many 0/1 role flags.' }),
  table({ name: 'lending-club', target: 'Class', task: 'classification', source: 'modeldata::lending_club', rows: 9857, columns: 23,
    why: 'Strongly imbalanced (5 % bad loans), 35-level sub-grade and 50-level state; money and rates as a spreadsheet writes them.',
    reformatted: ['funded_amnt (currency, "$16,100")', 'annual_inc (currency, "$35,000")', 'int_rate (percent, "13.99%")', 'revol_util (percent, "67.4%")'] }),
  table({ name: 'wa-churn', target: 'churn', task: 'classification', source: 'modeldata::wa_churn', rows: 7043, columns: 20,
    why: 'Telco churn (27 %), Yes/No target, many 3-level categoricals, 11 missing total charges; charges as currency.',
    reformatted: ['monthly_charges (currency, "$29.85")', 'total_charges (currency, "$1,889.50"; 11 empty)'] }),
  table({ name: 'hmda', target: 'deny', task: 'classification', source: 'AER::HMDA', rows: 2380, columns: 14,
    why: 'Mortgage denial (12 % yes): imbalanced, yes/no flags, history scores stored as factor levels "1"…"6".' }),
  table({ name: 'birthwt', target: 'low', task: 'classification', source: 'MASS::birthwt', rows: 189, columns: 9,
    why: 'Small binary (31 % low weight), race coded 1/2/3 as a number; the birth weight itself (bwt) is left out, since low = bwt < 2500 g.' }),

  // --- regression ---
  table({ name: 'servo', target: 'Class', task: 'regression', source: 'mlbench::Servo', rows: 167, columns: 5,
    why: 'Tiny regression (167 rows) where four of the five columns are categorical (motor, screw, two gain levels).' }),
  table({ name: 'ames', target: 'Sale_Price', task: 'regression', source: 'modeldata::ames', rows: 2930, columns: 74,
    why: 'House prices: 40 categorical columns (levels such as "None" read as missing by some tools), skewed target.' }),
  table({ name: 'concrete', target: 'compressive_strength', task: 'regression', source: 'modeldata::concrete', rows: 1030, columns: 9,
    why: 'Smooth non-linear regression from mixture amounts and age; duplicated rows.' }),
  table({ name: 'sacramento', target: 'price', task: 'regression', source: 'modeldata::Sacramento', rows: 932, columns: 9,
    why: 'House prices with a 37-level city and a 68-level zip code (high-cardinality categoricals), coordinates.' }),
  table({ name: 'chicago', target: 'ridership', task: 'regression', source: 'modeldata::Chicago', rows: 5698, columns: 50,
    why: 'Daily L-train ridership: the date drives it (weekday, holidays, trend), written in words as a spreadsheet does.',
    reformatted: ['date (date in words, "Jan 22 2001")'] }),
  table({ name: 'doctor-visits', target: 'visits', task: 'regression', source: 'AER::DoctorVisits', rows: 5190, columns: 12,
    why: 'A count target (0–9 visits, 80 % zeros): an integer column with few levels that inference may take for classes.' }),
  table({ name: 'cpssw8', target: 'earnings', task: 'regression', source: 'AER::CPSSW8', rows: 61395, columns: 5,
    why: 'The largest table (61,395 rows), few features, a noisy target: where time per row matters.' }),
  table({ name: 'star', target: 'math1', task: 'regression', source: 'AER::STAR', rows: 11598, columns: 20,
    why: 'Grade-1 maths score from the kindergarten record and grade-1 class: 4,998 missing targets (pupils who joined later), most cells missing, birth quarter as "1979 Q3".' }),
  table({ name: 'cpus', target: 'perf', task: 'regression', source: 'MASS::cpus', rows: 209, columns: 8,
    why: 'Small, heavily skewed target; a name column, distinct in every row but one pair (an identifier to leave out); the published estimate estperf left out.' }),
  table({ name: 'airquality', target: 'Ozone', task: 'regression', source: 'datasets::airquality', rows: 153, columns: 6,
    why: 'The smallest: 153 rows, 37 missing targets and 7 missing Solar.R; Month and Day as numbers.' }),
];

export const findTable = (name: string): SuiteTable | undefined => SUITE.find((t) => t.name === name);
