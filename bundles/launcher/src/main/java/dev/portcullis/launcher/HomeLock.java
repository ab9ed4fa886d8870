package dev.portcullis.launcher;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One host per home: two frameworks on one {@code data/felix-cache} corrupt it, and two hosts would fight
 * over {@code plugins/} and the admin socket. The OS releases the lock when the process dies, however it dies.
 */
final class HomeLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private HomeLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static HomeLock acquire(HomeLayout layout) throws IOException, LauncherException {
        Path file = layout.data().resolve("portcullis.lock");
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            ch.close();
            throw new LauncherException("another Portcullis host is already running with home " + layout.home()
                    + " (it holds " + file + "); stop it with 'portcullis stop --home " + layout.home() + "'");
        }
        return new HomeLock(ch, lock);
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
