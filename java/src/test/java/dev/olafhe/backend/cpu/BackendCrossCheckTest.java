package dev.olafhe.backend.cpu;

import dev.olafhe.backend.Backend;
import dev.olafhe.backend.BackendCrossCheck;
import dev.olafhe.backend.DevicePoly;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackendCrossCheckTest {
    @Test
    void identicalBackendsMatchOnEveryPrimitive() {
        try (Backend one = new CpuBackend(1); Backend two = new CpuBackend(2)) {
            List<BackendCrossCheck.Result> results = new BackendCrossCheck(one, two, 8, 7).run();
            assertEquals(19, results.size());
            assertTrue(results.stream().allMatch(BackendCrossCheck.Result::match), results.toString());
            assertTrue(results.stream().noneMatch(r -> r.candidateDeviceMillis().isPresent()),
                    "the CPU backend has no device clock");
        }
    }

    @Test
    void aWrongPrimitiveIsReportedWithItsFirstDifference() {
        try (CpuBackend reference = new CpuBackend(1); CpuBackend inner = new CpuBackend(1)) {
            Backend subtractsInsteadOfAdding = (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(),
                    new Class<?>[] {Backend.class}, (proxy, method, args) -> {
                        if (method.getName().equals("add")) {
                            inner.sub((DevicePoly) args[0], (DevicePoly) args[1], (DevicePoly) args[2]);
                            return null;
                        }
                        try {
                            return method.invoke(inner, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            List<BackendCrossCheck.Result> results = new BackendCrossCheck(reference, subtractsInsteadOfAdding, 8, 7).run();
            for (BackendCrossCheck.Result r : results) {
                assertEquals(!r.operation().equals("add"), r.match(), r.toString());
            }
            BackendCrossCheck.Result add = results.stream().filter(r -> r.operation().equals("add")).findFirst().orElseThrow();
            assertFalse(add.match());
            assertTrue(add.detail().startsWith("output 0 limb 0 index "), add.detail());
        }
    }
}
