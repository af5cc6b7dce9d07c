# Writes the tables of `npm run bench:tables` (scripts/bench-tables/suite.ts lists them and says why each is
# there) as CSV files into a folder outside git, from R packages Debian ships: r-cran-mlbench,
# r-cran-modeldata, r-cran-aer, r-cran-mass and base R's datasets. Provenance and licences:
# scripts/bench-tables/README.md.
#
# Usage: Rscript scripts/bench-tables/export_tables.R [OUTPUT_DIR]   (default bench-results/tables)
#
# The files are written as a spreadsheet would export them, not as write.csv does: a field is quoted only
# when it must be (a comma, a quote or a line break in it), missing values are empty cells, numbers carry up
# to 15 significant digits. Three tables have columns deliberately written in spreadsheet formats, with the
# values unchanged (suite.ts names each such column):
#   lending-club: funded_amnt and annual_inc as currency ("$16,100"), int_rate and revol_util as percent
#                 ("13.99%": the number is the same, only a % sign is added, so 13.99 stays 13.99, not 0.1399);
#   wa-churn:     monthly_charges and total_charges as currency with cents ("$1,889.50");
#   chicago:      date as a date in words ("Jan 22 2001").
# Rows are never reordered, dropped or filtered (the benchmark's split indices refer to these rows), and
# missing targets are left missing (airquality's Ozone, STAR's math1).

suppressPackageStartupMessages({
  library(mlbench)
  library(modeldata)
  library(AER)
  library(MASS)
})

args <- commandArgs(trailingOnly = TRUE)
out_dir <- if (length(args) >= 1) args[[1]] else "bench-results/tables"
dir.create(out_dir, recursive = TRUE, showWarnings = FALSE)

# English month names for "Jan 22 2001", whatever the machine's locale.
invisible(Sys.setlocale("LC_TIME", "C"))

# A dataset from a package, loaded into a private environment (data() would otherwise litter the global one).
get_data <- function(name, package) {
  env <- new.env()
  data(list = name, package = package, envir = env)
  as.data.frame(get(name, envir = env))
}

# One column as the text of its cells: numbers with up to 15 significant digits (as.character's default),
# factors as their labels, dates as ISO yyyy-mm-dd, NA as "".
cell_text <- function(column) {
  text <- if (inherits(column, "Date")) format(column, "%Y-%m-%d")
          else if (is.factor(column)) as.character(column)
          else if (is.numeric(column)) as.character(column)
          else as.character(column)
  text[is.na(column)] <- ""
  text
}

# Quotes a field only when CSV needs it, doubling inner quotes (RFC 4180), as spreadsheets export.
quote_if_needed <- function(text) {
  needs <- grepl('[",\r\n]', text)
  text[needs] <- paste0('"', gsub('"', '""', text[needs], fixed = TRUE), '"')
  text
}

write_table <- function(df, name) {
  cells <- lapply(df, function(column) quote_if_needed(cell_text(column)))
  lines <- c(paste(quote_if_needed(names(df)), collapse = ","), do.call(paste, c(cells, sep = ",")))
  path <- file.path(out_dir, paste0(name, ".csv"))
  con <- file(path, open = "wb") # "\n" line ends on every platform
  writeLines(lines, con, sep = "\n")
  close(con)
  cat(sprintf("%-16s %6d rows x %3d columns  -> %s\n", name, nrow(df), ncol(df), path))
}

# Spreadsheet formats for a few columns (values unchanged; see the header).
as_currency <- function(x, cents = FALSE) {
  text <- paste0("$", formatC(x, format = "f", digits = if (cents) 2 else 0, big.mark = ","))
  text[is.na(x)] <- NA
  text
}
as_percent <- function(x) {
  text <- paste0(as.character(x), "%")
  text[is.na(x)] <- NA
  text
}

# --- mlbench -------------------------------------------------------------------------------------------
write_table(get_data("PimaIndiansDiabetes2", "mlbench"), "pima-diabetes")
write_table(get_data("Glass", "mlbench"), "glass")
write_table(get_data("Ionosphere", "mlbench"), "ionosphere")
write_table(get_data("Sonar", "mlbench"), "sonar")
write_table(get_data("Soybean", "mlbench"), "soybean")
write_table(get_data("Vehicle", "mlbench"), "vehicle")
write_table(get_data("Satellite", "mlbench"), "satellite")
write_table(get_data("HouseVotes84", "mlbench"), "house-votes")
write_table(get_data("LetterRecognition", "mlbench"), "letter")
write_table(get_data("Servo", "mlbench"), "servo")

# --- modeldata -----------------------------------------------------------------------------------------
write_table(get_data("credit_data", "modeldata"), "credit-data")
write_table(get_data("attrition", "modeldata"), "attrition")
write_table(get_data("mlc_churn", "modeldata"), "mlc-churn")
write_table(get_data("hpc_data", "modeldata"), "hpc-data")
write_table(get_data("stackoverflow", "modeldata"), "stackoverflow")
write_table(get_data("ames", "modeldata"), "ames")
write_table(get_data("concrete", "modeldata"), "concrete")
write_table(get_data("Sacramento", "modeldata"), "sacramento")

lending <- get_data("lending_club", "modeldata")
lending$funded_amnt <- as_currency(lending$funded_amnt)
lending$annual_inc <- as_currency(lending$annual_inc)
lending$int_rate <- as_percent(lending$int_rate)
lending$revol_util <- as_percent(lending$revol_util)
write_table(lending, "lending-club")

churn <- get_data("wa_churn", "modeldata")
churn$monthly_charges <- as_currency(churn$monthly_charges, cents = TRUE)
churn$total_charges <- as_currency(churn$total_charges, cents = TRUE)
write_table(churn, "wa-churn")

chicago <- get_data("Chicago", "modeldata")
chicago$date <- format(chicago$date, "%b %d %Y")
write_table(chicago, "chicago")

# --- AER -----------------------------------------------------------------------------------------------
write_table(get_data("HMDA", "AER"), "hmda")
write_table(get_data("DoctorVisits", "AER"), "doctor-visits")
write_table(get_data("CPSSW8", "AER"), "cpssw8")

# STAR: predict a pupil's grade-1 maths score from their kindergarten record and grade-1 class. Pupils who
# joined the study after grade 1 have no grade-1 score: those targets stay missing (43 % of the rows).
star <- get_data("STAR", "AER")
star$birth <- as.character(star$birth) # "1979 Q3": a quarter, written as R prints it
star_columns <- c("gender", "ethnicity", "birth",
                  "stark", "readk", "mathk", "lunchk", "schoolk", "degreek", "ladderk", "experiencek", "tethnicityk",
                  "star1", "lunch1", "school1", "degree1", "ladder1", "experience1", "tethnicity1", "math1")
write_table(star[, star_columns], "star")

# --- MASS ----------------------------------------------------------------------------------------------
# birthwt: `bwt` (the birth weight itself) is left out, since `low` is bwt < 2500 g.
birthwt <- get_data("birthwt", "MASS")
write_table(birthwt[, setdiff(names(birthwt), "bwt")], "birthwt")
# cpus: `estperf` (the published linear model's estimate of perf) is left out; `name` stays (an identifier).
cpus <- get_data("cpus", "MASS")
write_table(cpus[, setdiff(names(cpus), "estperf")], "cpus")

# --- base R datasets -----------------------------------------------------------------------------------
write_table(get_data("airquality", "datasets"), "airquality")
