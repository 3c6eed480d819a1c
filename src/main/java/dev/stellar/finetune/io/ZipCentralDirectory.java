package dev.stellar.finetune.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads what {@link java.util.zip.ZipFile} hides: the Unix file type that zip tools store in an entry's
 * external attributes (APPNOTE 4.4.2, 4.4.15), to find symbolic links. Anything it cannot parse yields no
 * links; ZipFile then reports the archive as broken itself.
 */
final class ZipCentralDirectory {

    private static final int END = 0x06054b50;
    private static final int END64_LOCATOR = 0x07064b50;
    private static final int END64 = 0x06064b50;
    private static final int ENTRY = 0x02014b50;
    private static final int UNIX = 3;
    private static final int TYPE_MASK = 0170000;
    private static final int SYMLINK = 0120000;
    private static final int MAX_COMMENT = 0xffff;

    private ZipCentralDirectory() {}

    static Set<String> symbolicLinks(Path zip) throws IOException {
        Set<String> links = new HashSet<>();
        try (FileChannel channel = FileChannel.open(zip, StandardOpenOption.READ)) {
            long size = channel.size();
            int tailLength = (int) Math.min(size, 22 + MAX_COMMENT);
            ByteBuffer tail = read(channel, size - tailLength, tailLength);
            int end = -1;
            for (int i = tailLength - 22; i >= 0; i--) {
                if (tail.getInt(i) == END) {
                    end = i;
                    break;
                }
            }
            if (end < 0) {
                return links;
            }
            long count = tail.getShort(end + 10) & 0xffff;
            long offset = tail.getInt(end + 16) & 0xffffffffL;
            if ((count == 0xffff || offset == 0xffffffffL) && end >= 20 && tail.getInt(end - 20) == END64_LOCATOR) {
                ByteBuffer end64 = read(channel, tail.getLong(end - 20 + 8), 56);
                if (end64.getInt(0) != END64) {
                    return links;
                }
                count = end64.getLong(32);
                offset = end64.getLong(48);
            }
            long position = offset;
            for (long e = 0; e < count && position + 46 <= size; e++) {
                ByteBuffer header = read(channel, position, 46);
                if (header.getInt(0) != ENTRY) {
                    break;
                }
                int madeBy = (header.getShort(4) & 0xffff) >> 8;
                int external = header.getInt(38);
                int nameLength = header.getShort(28) & 0xffff;
                int extraLength = header.getShort(30) & 0xffff;
                int commentLength = header.getShort(32) & 0xffff;
                if (madeBy == UNIX && ((external >>> 16) & TYPE_MASK) == SYMLINK) {
                    links.add(StandardCharsets.UTF_8
                            .decode(read(channel, position + 46, nameLength))
                            .toString());
                }
                position += 46L + nameLength + extraLength + commentLength;
            }
        }
        return links;
    }

    private static ByteBuffer read(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new java.io.EOFException("the zip ends inside its central directory");
            }
        }
        return buffer.flip();
    }
}
