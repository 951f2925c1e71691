package io.jpatroni.restapi;

/** Serves the captured leader snapshot on {@code 127.0.0.1:<port>} until killed, for {@code wrk}. */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8008;
        NodeSnapshot leader = Fixtures.leader();
        RestApiServer server = new RestApiServer(RestApiSettings.listen("127.0.0.1:" + port), () -> leader,
                Fixtures.CLOCK).start();
        System.out.println("listening on " + server.port());
        Thread.currentThread().join();
    }
}
