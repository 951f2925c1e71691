package io.jpatroni.restclient;

/** Status and body of a management call. */
public record ApiResponse(int status, String body) {
    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }
}
