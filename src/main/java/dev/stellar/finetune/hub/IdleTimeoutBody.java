package dev.stellar.finetune.hub;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body read as a stream whose every read waits at most {@code idle} for the next bytes. The
 * JDK's own stream body blocks for as long as a silent server keeps the connection open, and a request's
 * timeout bounds only the wait for the headers; here a silent server ends the read with
 * {@link StalledException}, and the connection is dropped.
 */
final class IdleTimeoutBody implements HttpResponse.BodySubscriber<InputStream> {

    private static final Object END = new Object();

    private final long idleMillis;
    private final BlockingQueue<Object> arrivals = new LinkedBlockingQueue<>();
    private volatile Flow.Subscription subscription;

    private IdleTimeoutBody(Duration idle) {
        this.idleMillis = idle.toMillis();
    }

    static HttpResponse.BodyHandler<InputStream> handler(Duration idle) {
        return info -> new IdleTimeoutBody(idle);
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        arrivals.add(buffers);
    }

    @Override
    public void onError(Throwable error) {
        arrivals.add(error);
    }

    @Override
    public void onComplete() {
        arrivals.add(END);
    }

    @Override
    public CompletionStage<InputStream> getBody() {
        return CompletableFuture.completedStage(new Stream());
    }

    /** No byte arrived within the idle timeout; the connection has been dropped. */
    static final class StalledException extends IOException {

        StalledException(long idleMillis) {
            super("no data arrived for " + HubNetwork.describe(Duration.ofMillis(idleMillis)));
        }
    }

    private final class Stream extends InputStream {

        private Iterator<ByteBuffer> pending = Collections.emptyIterator();
        private ByteBuffer current;
        private boolean finished;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            while (current == null || !current.hasRemaining()) {
                if (pending.hasNext()) {
                    current = pending.next();
                    continue;
                }
                if (finished) {
                    return -1;
                }
                next();
            }
            int n = Math.min(length, current.remaining());
            current.get(target, offset, n);
            return n;
        }

        /** Waits, at most the idle timeout, for the next buffers, the end, or the error. */
        @SuppressWarnings("unchecked")
        private void next() throws IOException {
            Object arrival;
            try {
                arrival = arrivals.poll(idleMillis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancel();
                throw new InterruptedIOException("interrupted while reading from the Hub");
            }
            if (arrival == null) {
                cancel();
                throw new StalledException(idleMillis);
            }
            if (arrival == END) {
                finished = true;
            } else if (arrival instanceof Throwable error) {
                finished = true;
                throw error instanceof IOException io ? io : new IOException(error.getMessage(), error);
            } else {
                pending = ((List<ByteBuffer>) arrival).iterator();
                subscription.request(1);
            }
        }

        @Override
        public void close() {
            if (!finished) {
                cancel();
            }
        }

        private void cancel() {
            finished = true;
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }
    }
}
