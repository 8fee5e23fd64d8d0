/**
 * The map's renderer, WebGL2: module pixels live in one RGB8 texture array
 * (the source bytes themselves, three to a texel), and one draw puts every
 * module's quad (four vertices, two triangles) on screen, the fragment shader fetching the exact
 * texel of the module pixel under it. A module not yet loaded is a flat
 * placeholder; one that failed verification is drawn red.
 */
import type { Atlas } from "./atlas.ts";
import type { Layout } from "./layout.ts";

export interface Camera {
  /** Layout point at the canvas's top-left corner, and canvas pixels per layout unit. */
  x: number;
  y: number;
  scale: number;
}

/** Rows of the per-module data textures are this wide. */
const ROW = 4096;

const VERTEX = `#version 300 es
precision highp float;
precision highp int;
precision highp usampler2D;
precision highp sampler2D;
uniform sampler2D u_rects;
uniform usampler2D u_info;
uniform usampler2D u_states;
uniform vec3 u_camera;
uniform vec2 u_viewport;
out vec2 v_local;
flat out uvec4 v_info;
flat out uint v_state;
void main() {
  int module = gl_VertexID / 4;
  ivec2 at = ivec2(module % ${ROW}, module / ${ROW});
  vec4 rect = texelFetch(u_rects, at, 0);
  vec2 corner = vec2(float(gl_VertexID & 1), float((gl_VertexID >> 1) & 1));
  // At least one canvas pixel, so a zoomed-out module still shows instead of falling between samples.
  vec2 size = max(rect.zw * u_camera.z, vec2(1.0));
  vec2 p = (rect.xy - u_camera.xy) * u_camera.z + corner * size;
  gl_Position = vec4(p.x / u_viewport.x * 2.0 - 1.0, 1.0 - p.y / u_viewport.y * 2.0, 0.0, 1.0);
  v_local = corner;
  v_info = texelFetch(u_info, at, 0);
  v_state = texelFetch(u_states, at, 0).r;
}`;

/** v_info: x | y << 16 in the layer, grid width | height << 16, pixels, layer + 1 (0: not in the atlas). */
const FRAGMENT = `#version 300 es
precision highp float;
precision highp int;
precision highp sampler2DArray;
uniform sampler2DArray u_atlas;
in vec2 v_local;
flat in uvec4 v_info;
flat in uint v_state;
out vec4 color;
void main() {
  if (v_state == 0u || v_info.w == 0u) { color = vec4(0.17, 0.17, 0.22, 1.0); return; }
  if (v_state == 2u) { color = vec4(0.8, 0.1, 0.1, 1.0); return; }
  uvec2 grid = uvec2(v_info.y & 0xffffu, v_info.y >> 16);
  uvec2 cell = uvec2(clamp(floor(v_local * vec2(grid)), vec2(0.0), vec2(grid) - 1.0));
  if (cell.y * grid.x + cell.x >= v_info.z) { color = vec4(0.07, 0.07, 0.09, 1.0); return; }
  ivec2 origin = ivec2(v_info.x & 0xffffu, v_info.x >> 16);
  color = vec4(texelFetch(u_atlas, ivec3(origin + ivec2(cell), int(v_info.w) - 1), 0).rgb, 1.0);
}`;

export class MapRenderer {
  readonly #gl: WebGL2RenderingContext;
  readonly #program: WebGLProgram;
  readonly #vao: WebGLVertexArrayObject;
  readonly #textures: WebGLTexture[] = [];
  readonly #buffers: WebGLBuffer[] = [];
  readonly #states: WebGLTexture;
  readonly #atlasTexture: WebGLTexture;
  readonly #count: number;
  readonly #atlas: Atlas;

  constructor(canvas: HTMLCanvasElement, layout: Layout, atlas: Atlas) {
    const gl = context(canvas);
    this.#gl = gl;
    this.#atlas = atlas;
    this.#count = layout.pixels.length;
    this.#program = program(gl);
    // No vertex data: the shader pulls each module's data from small textures by gl_VertexID (four vertices a module,
    // six indices), so a hundred thousand modules cost 57 bytes each to upload, and SwiftShader (Chromium's WebGL
    // without a GPU) runs one plain draw — it sets up each instance of an instanced draw as a draw of its own.
    this.#vao = gl.createVertexArray() as WebGLVertexArrayObject;
    gl.bindVertexArray(this.#vao);
    const indices = new Uint32Array(this.#count * 6);
    for (let i = 0; i < this.#count; i++) {
      const v = i * 4;
      const at = i * 6;
      indices[at] = v;
      indices[at + 1] = v + 1;
      indices[at + 2] = v + 2;
      indices[at + 3] = v + 2;
      indices[at + 4] = v + 1;
      indices[at + 5] = v + 3;
    }
    const buffer = gl.createBuffer() as WebGLBuffer;
    this.#buffers.push(buffer);
    gl.bindBuffer(gl.ELEMENT_ARRAY_BUFFER, buffer);
    gl.bufferData(gl.ELEMENT_ARRAY_BUFFER, indices, gl.STATIC_DRAW);
    gl.pixelStorei(gl.UNPACK_ALIGNMENT, 1);
    const rows = Math.max(1, Math.ceil(this.#count / ROW));
    const rects = new Float32Array(ROW * rows * 4);
    rects.set(layout.rects);
    const info = new Uint32Array(ROW * rows * 4);
    const { place } = atlas;
    const { grids, pixels } = layout;
    for (let i = 0; i < this.#count; i++) {
      info[i * 4] = (place[i * 3 + 1] as number) | ((place[i * 3 + 2] as number) << 16);
      info[i * 4 + 1] = (grids[i * 2] as number) | ((grids[i * 2 + 1] as number) << 16);
      info[i * 4 + 2] = pixels[i] as number;
      info[i * 4 + 3] = (place[i * 3] as number) + 1;
    }
    this.#texture(1, gl.TEXTURE_2D, (t) => gl.texImage2D(t, 0, gl.RGBA32F, ROW, rows, 0, gl.RGBA, gl.FLOAT, rects));
    this.#texture(2, gl.TEXTURE_2D, (t) => gl.texImage2D(t, 0, gl.RGBA32UI, ROW, rows, 0, gl.RGBA_INTEGER, gl.UNSIGNED_INT, info));
    this.#states = this.#texture(3, gl.TEXTURE_2D, (t) =>
      gl.texImage2D(t, 0, gl.R8UI, ROW, rows, 0, gl.RED_INTEGER, gl.UNSIGNED_BYTE, new Uint8Array(ROW * rows)),
    );
    this.#atlasTexture = this.#texture(0, gl.TEXTURE_2D_ARRAY, (t) => gl.texStorage3D(t, 1, gl.RGB8, atlas.size, atlas.height, atlas.layers));
    gl.useProgram(this.#program);
    for (const [name, unit] of [
      ["u_atlas", 0],
      ["u_rects", 1],
      ["u_info", 2],
      ["u_states", 3],
    ] as const)
      gl.uniform1i(gl.getUniformLocation(this.#program, name), unit);
  }

  #texture(unit: number, target: number, fill: (target: number) => void): WebGLTexture {
    const gl = this.#gl;
    const texture = gl.createTexture() as WebGLTexture;
    this.#textures.push(texture);
    gl.activeTexture(gl.TEXTURE0 + unit);
    gl.bindTexture(target, texture);
    gl.texParameteri(target, gl.TEXTURE_MIN_FILTER, gl.NEAREST);
    gl.texParameteri(target, gl.TEXTURE_MAG_FILTER, gl.NEAREST);
    fill(target);
    return texture;
  }

  /** A band's strip of texels, as the worker laid it out; its modules drawn from now on, those that failed in red. */
  upload(band: number, data: Uint8Array, bad: number[]): void {
    const gl = this.#gl;
    const b = this.#atlas.bands[band];
    if (!b) return;
    gl.activeTexture(gl.TEXTURE0);
    gl.bindTexture(gl.TEXTURE_2D_ARRAY, this.#atlasTexture);
    if (b.height > 0) gl.texSubImage3D(gl.TEXTURE_2D_ARRAY, 0, 0, b.y, b.layer, this.#atlas.size, b.height, 1, gl.RGB, gl.UNSIGNED_BYTE, data);
    gl.activeTexture(gl.TEXTURE3);
    gl.bindTexture(gl.TEXTURE_2D, this.#states);
    // Bands are runs of consecutive modules: whole rows of the state texture, plus a partial one at each end.
    for (let i = b.from; i < b.from + b.count; ) {
      const row = Math.floor(i / ROW);
      const end = Math.min(b.from + b.count, (row + 1) * ROW);
      const states = new Uint8Array(end - i).fill(1);
      for (const j of bad) if (j >= i && j < end) states[j - i] = 2;
      gl.texSubImage2D(gl.TEXTURE_2D, 0, i % ROW, row, end - i, 1, gl.RED_INTEGER, gl.UNSIGNED_BYTE, states);
      i = end;
    }
  }

  draw(camera: Camera): void {
    const gl = this.#gl;
    const canvas = gl.canvas as HTMLCanvasElement;
    gl.viewport(0, 0, canvas.width, canvas.height);
    gl.clearColor(0.086, 0.086, 0.114, 1);
    gl.clear(gl.COLOR_BUFFER_BIT);
    gl.useProgram(this.#program);
    gl.bindVertexArray(this.#vao);
    gl.uniform3f(gl.getUniformLocation(this.#program, "u_camera"), camera.x, camera.y, camera.scale);
    gl.uniform2f(gl.getUniformLocation(this.#program, "u_viewport"), canvas.width, canvas.height);
    gl.drawElements(gl.TRIANGLES, this.#count * 6, gl.UNSIGNED_INT, 0);
  }

  dispose(): void {
    const gl = this.#gl;
    for (const t of this.#textures) gl.deleteTexture(t);
    for (const b of this.#buffers) gl.deleteBuffer(b);
    gl.deleteProgram(this.#program);
    gl.deleteVertexArray(this.#vao);
  }
}

export function context(canvas: HTMLCanvasElement): WebGL2RenderingContext {
  // preserveDrawingBuffer: what is on screen can be read back (the tests check the GPU shows the module's bytes).
  const gl = canvas.getContext("webgl2", { antialias: false, alpha: false, preserveDrawingBuffer: true });
  if (!gl) throw new Error("this browser has no WebGL2");
  return gl;
}

/**
 * The atlas's layer size: as wide as the GPU allows up to 8192, so one layer, trimmed to the rows in use, holds
 * a project of up to 64 Mi pixels (192 MB of source) without allocating texels it will not fill.
 */
export function atlasSize(canvas: HTMLCanvasElement): number {
  const gl = context(canvas);
  return Math.min(8192, gl.getParameter(gl.MAX_TEXTURE_SIZE) as number);
}

function program(gl: WebGL2RenderingContext): WebGLProgram {
  const shader = (type: number, source: string) => {
    const s = gl.createShader(type) as WebGLShader;
    gl.shaderSource(s, source);
    gl.compileShader(s);
    if (!gl.getShaderParameter(s, gl.COMPILE_STATUS)) throw new Error(`shader: ${gl.getShaderInfoLog(s)}`);
    return s;
  };
  const p = gl.createProgram() as WebGLProgram;
  gl.attachShader(p, shader(gl.VERTEX_SHADER, VERTEX));
  gl.attachShader(p, shader(gl.FRAGMENT_SHADER, FRAGMENT));
  gl.linkProgram(p);
  if (!gl.getProgramParameter(p, gl.LINK_STATUS)) throw new Error(`program: ${gl.getProgramInfoLog(p)}`);
  return p;
}
