/* Replays a fuzz corpus without libFuzzer: each file once, as an input.
 * `npm test` runs this under ASan + UBSan so regressions show in CI. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay(const char *path) {
  FILE *file = fopen(path, "rb");
  if (file == NULL) return 0;
  uint8_t *data = malloc(1 << 20);
  size_t size = fread(data, 1, 1 << 20, file);
  fclose(file);
  LLVMFuzzerTestOneInput(data, size);
  free(data);
  return 1;
}

int main(int argc, char **argv) {
  int replayed = 0;
  for (int i = 1; i < argc; i++) {
    DIR *directory = opendir(argv[i]);
    if (directory == NULL) {
      replayed += replay(argv[i]);
      continue;
    }
    struct dirent *entry;
    while ((entry = readdir(directory)) != NULL) {
      if (entry->d_name[0] == '.') continue;
      char path[4096];
      snprintf(path, sizeof path, "%s/%s", argv[i], entry->d_name);
      replayed += replay(path);
    }
    closedir(directory);
  }
  printf("replayed %d inputs\n", replayed);
  return replayed > 0 ? 0 : 1;
}
