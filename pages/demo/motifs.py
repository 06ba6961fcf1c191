"""The shapes drawn on the demo illustrations, one function per motif.

Each motif draws on a transparent layer of the given size with the accent colour
and a seeded random generator, and may return boxes reserved for short notes.
"""

import math
from collections.abc import Callable

Colour = tuple[int, int, int]


def with_alpha(colour: Colour, alpha: int) -> tuple[int, int, int, int]:
    return (*colour, alpha)


def lighter(colour: Colour, amount: float = 0.5) -> Colour:
    return tuple(round(c + (255 - c) * amount) for c in colour)


def cells(draw, width, height, accent, rng) -> None:
    """Round cells with a nucleus, as under a microscope."""
    for _ in range(22):
        radius = rng.uniform(0.04, 0.11) * height
        x, y = rng.uniform(0, width), rng.uniform(0, height)
        draw.ellipse(
            (x - radius, y - radius, x + radius, y + radius),
            fill=with_alpha(lighter(accent, 0.3), 90),
            outline=with_alpha(accent, 200),
            width=max(1, round(radius / 12)),
        )
        nucleus = radius * rng.uniform(0.25, 0.4)
        nx, ny = (
            x + rng.uniform(-0.3, 0.3) * radius,
            y + rng.uniform(-0.3, 0.3) * radius,
        )
        draw.ellipse(
            (nx - nucleus, ny - nucleus, nx + nucleus, ny + nucleus),
            fill=with_alpha(accent, 170),
        )


def neurons(draw, width, height, accent, rng) -> None:
    """Cell bodies with branching dendrites and a long axon."""
    line = max(1, round(height / 300))
    for _ in range(7):
        x, y = rng.uniform(0.1, 0.9) * width, rng.uniform(0.15, 0.85) * height
        for _branch in range(6):
            angle = rng.uniform(0, 2 * math.pi)
            bx, by = x, y
            for _step in range(rng.randint(3, 6)):
                angle += rng.uniform(-0.5, 0.5)
                step = rng.uniform(0.02, 0.05) * height
                nx, ny = bx + math.cos(angle) * step, by + math.sin(angle) * step
                draw.line((bx, by, nx, ny), fill=with_alpha(accent, 160), width=line)
                bx, by = nx, ny
        axon_angle = rng.uniform(0, 2 * math.pi)
        length = rng.uniform(0.25, 0.45) * width
        draw.line(
            (
                x,
                y,
                x + math.cos(axon_angle) * length,
                y + math.sin(axon_angle) * length,
            ),
            fill=with_alpha(lighter(accent, 0.4), 140),
            width=line * 2,
        )
        radius = rng.uniform(0.025, 0.04) * height
        draw.ellipse(
            (x - radius, y - radius, x + radius, y + radius),
            fill=with_alpha(lighter(accent, 0.2), 230),
        )


def waves(draw, width, height, accent, rng) -> None:
    """Soft overlapping waves: a calm background for articles and therapies."""
    for band in range(6):
        amplitude = rng.uniform(0.03, 0.08) * height
        phase = rng.uniform(0, 2 * math.pi)
        base = height * (0.35 + band * 0.1)
        points = [
            (x, base + amplitude * math.sin(x / width * 2 * math.pi * 1.5 + phase))
            for x in range(0, width + 1, max(1, width // 60))
        ]
        draw.polygon(
            [*points, (width, height), (0, height)],
            fill=with_alpha(lighter(accent, band * 0.1), 45),
        )
    for _ in range(9):
        radius = rng.uniform(0.02, 0.06) * height
        x, y = rng.uniform(0, width), rng.uniform(0, height * 0.5)
        draw.ellipse(
            (x - radius, y - radius, x + radius, y + radius),
            fill=with_alpha(lighter(accent, 0.6), 80),
        )


def building(draw, width, height, accent, rng) -> None:
    """A hospital façade: rows of windows, an entrance and trees."""
    left, right = width * 0.18, width * 0.82
    top, ground = height * 0.25, height * 0.85
    draw.rectangle((left, top, right, ground), fill=(245, 247, 250, 235))
    columns, rows = 9, 5
    cell_w, cell_h = (right - left) / columns, (ground - top) / (rows + 1)
    for row in range(rows):
        for column in range(columns):
            x, y = left + column * cell_w, top + row * cell_h
            draw.rectangle(
                (
                    x + cell_w * 0.2,
                    y + cell_h * 0.25,
                    x + cell_w * 0.8,
                    y + cell_h * 0.8,
                ),
                fill=with_alpha(accent, 150 + rng.randint(0, 60)),
            )
    door_w = cell_w * 1.6
    draw.rectangle(
        (width / 2 - door_w / 2, ground - cell_h, width / 2 + door_w / 2, ground),
        fill=with_alpha(accent, 230),
    )
    draw.rectangle((0, ground, width, height), fill=(120, 160, 110, 220))
    for _ in range(7):
        radius = rng.uniform(0.05, 0.09) * height
        x = rng.choice([rng.uniform(0, left), rng.uniform(right, width)])
        y = ground - radius * 0.6
        draw.ellipse(
            (x - radius, y - radius, x + radius, y + radius), fill=(70, 130, 80, 220)
        )


def room(draw, width, height, accent, rng) -> None:
    """A bright patient room: window, bed and a bedside lamp."""
    draw.rectangle((0, height * 0.7, width, height), fill=(225, 220, 210, 230))
    draw.rectangle(
        (width * 0.55, height * 0.12, width * 0.9, height * 0.55),
        fill=(235, 245, 255, 235),
        outline=with_alpha(accent, 220),
        width=max(2, width // 200),
    )
    draw.line(
        (width * 0.725, height * 0.12, width * 0.725, height * 0.55),
        fill=with_alpha(accent, 220),
        width=max(2, width // 200),
    )
    draw.rounded_rectangle(
        (width * 0.08, height * 0.5, width * 0.5, height * 0.72),
        radius=height * 0.03,
        fill=(250, 250, 250, 240),
        outline=with_alpha(accent, 200),
        width=max(1, width // 300),
    )
    draw.rounded_rectangle(
        (width * 0.08, height * 0.42, width * 0.18, height * 0.55),
        radius=height * 0.02,
        fill=with_alpha(lighter(accent, 0.5), 230),
    )
    draw.ellipse(
        (width * 0.42, height * 0.3, width * 0.48, height * 0.36),
        fill=(255, 230, 160, 230),
    )


def laboratory(draw, width, height, accent, rng) -> None:
    """A lab bench with flasks, test tubes and a microscope silhouette."""
    bench = height * 0.72
    draw.rectangle((0, bench, width, height), fill=(230, 235, 240, 235))
    for index in range(5):
        x = width * (0.12 + index * 0.1)
        tube_h = rng.uniform(0.15, 0.25) * height
        draw.rounded_rectangle(
            (x, bench - tube_h, x + width * 0.03, bench),
            radius=width * 0.012,
            fill=with_alpha(lighter(accent, 0.2 + index * 0.1), 200),
            outline=(255, 255, 255, 220),
            width=max(1, width // 400),
        )
    flask_x = width * 0.7
    draw.polygon(
        [
            (flask_x - width * 0.02, bench - height * 0.35),
            (flask_x + width * 0.02, bench - height * 0.35),
            (flask_x + width * 0.1, bench),
            (flask_x - width * 0.1, bench),
        ],
        fill=with_alpha(accent, 170),
    )
    draw.rectangle(
        (width * 0.85, bench - height * 0.3, width * 0.88, bench),
        fill=(60, 70, 80, 220),
    )
    draw.ellipse(
        (width * 0.82, bench - height * 0.36, width * 0.91, bench - height * 0.27),
        fill=(60, 70, 80, 220),
    )


def gym(draw, width, height, accent, rng) -> None:
    """A rehabilitation room: parallel bars, an exercise ball and mats."""
    floor = height * 0.75
    draw.rectangle((0, floor, width, height), fill=(210, 200, 185, 230))
    bar = max(3, height // 60)
    for offset in (0.0, 0.08):
        y = height * (0.5 + offset)
        draw.rectangle(
            (width * 0.1, y, width * 0.55, y + bar), fill=(90, 100, 110, 230)
        )
        for x in (0.12, 0.53):
            draw.rectangle(
                (width * x, y, width * x + bar, floor), fill=(90, 100, 110, 230)
            )
    radius = height * 0.12
    draw.ellipse(
        (width * 0.7 - radius, floor - 2 * radius, width * 0.7 + radius, floor),
        fill=with_alpha(accent, 220),
    )
    draw.rectangle(
        (width * 0.6, floor + height * 0.05, width * 0.95, floor + height * 0.12),
        fill=with_alpha(lighter(accent, 0.4), 220),
    )


def portrait(draw, width, height, accent, rng) -> None:
    """A neutral head-and-shoulders silhouette, as a placeholder portrait."""
    cx = width / 2
    head = min(width, height) * 0.17
    draw.ellipse(
        (cx - head, height * 0.38 - head, cx + head, height * 0.38 + head),
        fill=with_alpha(lighter(accent, 0.55), 245),
    )
    draw.chord(
        (cx - head * 2.4, height * 0.62, cx + head * 2.4, height * 1.3),
        start=180,
        end=360,
        fill=with_alpha(lighter(accent, 0.35), 245),
    )
    draw.polygon(
        [
            (cx - head * 0.45, height * 0.62),
            (cx + head * 0.45, height * 0.62),
            (cx, height * 0.74),
        ],
        fill=(255, 255, 255, 230),
    )


def body_map(draw, width, height, accent, rng) -> list[tuple]:
    """A simple human figure with markers where ALS symptoms often start."""
    cx, line = width * 0.4, max(3, round(height / 45))
    figure = (255, 255, 255, 230)
    head = height * 0.07
    draw.ellipse(
        (cx - head, height * 0.1, cx + head, height * 0.1 + 2 * head), fill=figure
    )
    neck, hip, feet = height * 0.26, height * 0.52, height * 0.8
    draw.line((cx, neck, cx, hip), fill=figure, width=line * 2)
    draw.line(
        (cx - width * 0.1, height * 0.45, cx, height * 0.3), fill=figure, width=line
    )
    draw.line(
        (cx + width * 0.1, height * 0.45, cx, height * 0.3), fill=figure, width=line
    )
    draw.line((cx, hip, cx - width * 0.06, feet), fill=figure, width=line)
    draw.line((cx, hip, cx + width * 0.06, feet), fill=figure, width=line)
    markers = [
        (cx, height * 0.24),
        (cx, height * 0.34),
        (cx - width * 0.1, height * 0.45),
        (cx + width * 0.03, (hip + feet) / 2),
    ]
    radius = height * 0.025
    boxes = []
    for x, y in markers:
        draw.ellipse(
            (x - radius, y - radius, x + radius, y + radius),
            fill=with_alpha(accent, 240),
            outline=(255, 255, 255, 255),
            width=max(1, line // 2),
        )
        draw.line(
            (x + radius, y, width * 0.68, y),
            fill=with_alpha(accent, 160),
            width=max(1, line // 2),
        )
        box = (width * 0.68, y - radius * 1.4, width * 0.95, y + radius * 1.4)
        draw.rounded_rectangle(box, radius=radius, fill=(255, 255, 255, 210))
        boxes.append(box)
    return boxes


MOTIFS: dict[str, Callable] = {
    "body_map": body_map,
    "building": building,
    "cells": cells,
    "gym": gym,
    "laboratory": laboratory,
    "neurons": neurons,
    "portrait": portrait,
    "room": room,
    "waves": waves,
}
