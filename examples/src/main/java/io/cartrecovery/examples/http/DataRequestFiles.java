package io.cartrecovery.examples.http;

import io.cartrecovery.core.CustomerExport;
import io.cartrecovery.core.StoreAccessException;
import io.cartrecovery.shopify.ComplianceRequest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

/**
 * Writes the answer to each Shopify {@code customers/data_request} as one JSON file (an array of the exports of
 * the customer's ids) into a folder, {@code <shop id>-<data request id>.json}, for the shop owner to collect:
 * Shopify leaves delivering the data to the app.
 */
final class DataRequestFiles implements BiConsumer<ComplianceRequest, List<CustomerExport>> {
    private final Path folder;

    DataRequestFiles(Path folder) {
        this.folder = folder;
    }

    @Override
    public void accept(ComplianceRequest request, List<CustomerExport> exports) {
        String json = exports.stream().map(CustomerExport::toJson).collect(Collectors.joining(",", "[", "]"));
        Path file = folder.resolve(safe(request.shopId()) + "-" + safe(request.dataRequestId()) + ".json");
        try {
            Files.createDirectories(folder);
            Files.writeString(file, json, StandardCharsets.UTF_8);
        } catch (IOException e) {
            // thrown on: the webhook is answered with an error and Shopify delivers it again
            throw new StoreAccessException("could not write the data request " + file.getFileName(), e);
        }
    }

    /** Shopify's ids are numbers; anything else is kept to letters, digits and dashes. */
    private static String safe(String id) {
        return id == null ? "none" : id.replaceAll("[^A-Za-z0-9-]", "_");
    }
}
