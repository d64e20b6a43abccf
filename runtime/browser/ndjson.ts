/**
 * Reading a stream of newline-delimited JSON events (the import route's progress), calling
 * `onEvent` for each as it arrives. Resolves with the last event, which the route makes the
 * final report.
 */
export async function readNdjson<T>(response: Response, onEvent: (event: T) => void): Promise<T | undefined> {
  if (!response.body) return undefined;
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = "";
  let last: T | undefined;
  const emit = (line: string) => {
    if (line.trim() === "") return;
    last = JSON.parse(line) as T;
    onEvent(last);
  };
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffered += value;
    let newline = buffered.indexOf("\n");
    while (newline >= 0) {
      emit(buffered.slice(0, newline));
      buffered = buffered.slice(newline + 1);
      newline = buffered.indexOf("\n");
    }
  }
  emit(buffered);
  return last;
}
