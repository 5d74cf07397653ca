package io.satchel.vips;
