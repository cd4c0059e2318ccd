/*
 * main() for a harness built without libFuzzer: build/test/c/test-fuzz-NAME.
 *
 * Without arguments it is a test of the harness and of the core: every seed
 * the harness records is replayed and must achieve what it did when
 * recorded (a recorded handshake completes again: the deterministic
 * randomness works and the fuzzer really starts deep in the protocol), and
 * every input kept in test/fuzz/regressions/NAME/ (crashes found once)
 * must now pass the harness's checks. With arguments, it runs those files
 * (or the files in those directories) once each, to reproduce a crash.
 */
#include "fuzz.h"

#include <dirent.h>
#include <sys/stat.h>

static void *read_file(const char *path, size_t *len) {
  FILE *file = fopen(path, "rb");
  unsigned char *data = NULL;
  long size;

  if (file == NULL || fseek(file, 0, SEEK_END) != 0 ||
      (size = ftell(file)) < 0 || fseek(file, 0, SEEK_SET) != 0)
    harness_bail("cannot read", path);
  data = malloc((size_t)size + 1);
  if (data == NULL || fread(data, 1, (size_t)size, file) != (size_t)size)
    harness_bail("cannot read", path);
  fclose(file);
  *len = (size_t)size;
  return data;
}

static void run_file(const char *path) {
  size_t len;
  void *data = read_file(path, &len);

  LLVMFuzzerTestOneInput(data, len);
  free(data);
  CHECK(1, "%s: no broken promise", path);
}

static int compare_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every regular file of `dir` in name order; 0 if there is no such dir. */
static int run_dir(const char *dir) {
  DIR *d = opendir(dir);
  struct dirent *entry;
  char **names = NULL, path[1024];
  size_t count = 0, i;

  if (d == NULL)
    return 0;
  while ((entry = readdir(d)) != NULL) {
    char **grown;
    if (entry->d_name[0] == '.')
      continue;
    grown = realloc(names, (count + 1) * sizeof *names);
    if (grown == NULL)
      harness_bail("out of memory", dir);
    names = grown;
    names[count] = malloc(strlen(entry->d_name) + 1);
    if (names[count] == NULL)
      harness_bail("out of memory", dir);
    strcpy(names[count++], entry->d_name);
  }
  closedir(d);
  if (count > 0)
    qsort(names, count, sizeof *names, compare_names);
  for (i = 0; i < count; i++) {
    snprintf(path, sizeof path, "%s/%s", dir, names[i]);
    run_file(path);
    free(names[i]);
  }
  free(names);
  return 1;
}

static const char *expectation(unsigned expect) {
  if (expect & FUZZ_EXPECT_MESSAGE)
    return "connects and receives the whole message";
  if (expect & FUZZ_EXPECT_CONNECTED)
    return "connects";
  if (expect & FUZZ_EXPECT_ACCEPTED)
    return "is accepted";
  if (expect & FUZZ_EXPECT_REJECTED)
    return "is refused with a code";
  return "passes the checks";
}

static void replay_seed(const char *label, const uint8_t *data, size_t len,
                        unsigned expect) {
  LLVMFuzzerTestOneInput(data, len);
  CHECK((fuzz_outcome & expect) == expect, "%s seed %s %s (got 0x%x)",
        fuzz_name, label, expectation(expect), fuzz_outcome);
}

int main(int argc, char **argv) {
  char dir[256];
  struct stat st;
  int i;

  LLVMFuzzerInitialize(&argc, &argv);
  if (argc > 1) {
    for (i = 1; i < argc; i++) {
      if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode))
        run_dir(argv[i]);
      else
        run_file(argv[i]);
    }
  } else {
    fuzz_record(replay_seed);
    snprintf(dir, sizeof dir, "test/fuzz/regressions/%s", fuzz_name);
    run_dir(dir);
  }
  fuzz_shutdown();
  return harness_done();
}
