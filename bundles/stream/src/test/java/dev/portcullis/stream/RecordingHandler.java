package dev.portcullis.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Records decoder events as comparable strings; can stop at chosen elements. */
final class RecordingHandler implements StreamDecoder.Handler {
    final List<String> events = new ArrayList<>();
    final List<Element> elements = new ArrayList<>();
    StreamHeader header;
    Predicate<Element> stopAt = e -> false;

    @Override
    public void streamOpened(StreamHeader h) {
        header = h;
        events.add("open " + h);
    }

    @Override
    public boolean element(Element e) {
        elements.add(e);
        events.add("element " + e.toXml());
        return !stopAt.test(e);
    }

    @Override
    public void streamClosed() {
        events.add("close");
    }
}
